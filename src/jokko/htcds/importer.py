"""HTCDS files from other systems -> Jokko cases, idempotently and all-or-nothing.

Why this shape:
* a file is checked completely (encoding, JSON, schema, every record) before anything is
  written, and applied in one transaction: a partner never ends up with half a file imported;
* each record is keyed on (source system, x_SourceId) in `ImportedRecord`, so sending the same
  record again updates the case it created (only the fields that changed, each change audited
  by the case actions) and an unchanged record is recognised by its hash and not touched;
* what Jokko cannot map is listed per record (field, value, why) and kept verbatim so a later
  export gives it back;
* ``dry_run`` runs the whole import and rolls it back: the preview a coordinator confirms shows
  exactly what the import will do.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden, can_register_survivors
from jokko.analytics.signals import touched as analytics_touched
from jokko.audit.actions import record as audit
from jokko.cases.actions import (
    CaseInput,
    StaleEdit,
    record_consent,
    record_screening,
    record_service,
    register_survivor,
    transition_case,
    update_case_details,
    write_case_plan,
)
from jokko.cases.models import Case, ConsentScope
from jokko.cases.workflow import CaseStatus, IllegalTransition
from jokko.gazetteer import UnknownPlace, places_in
from jokko.gazetteer import get as get_place
from jokko.htcds.exporter import TEMPLATE_ALIASES
from jokko.htcds.mapping import (
    BOOKKEEPING_FIELDS,
    PLACEHOLDER_NAME,
    SCREENING_TO_STATUS,
    Mapped,
    htcds_values,
    is_htcds_like,
    map_record,
)
from jokko.htcds.models import ImportedRecord
from jokko.htcds.schema import REPEATED_TABLES, load_standard, record_errors
from jokko.people.actions import PersonInput, add_alias
from jokko.people.models import Person

MAX_FILE_BYTES = 20_000_000
MAX_RECORDS = 20_000
MAX_UNCOMPRESSED_BYTES = 200_000_000
CHANNEL = "htcds"


class HtcdsFileError(ValueError):
    """The file is not an HTCDS file Jokko can read; the message says why."""


@dataclass
class RecordOutcome:
    index: int
    source_id: str
    outcome: str = ""  # created / updated / unchanged / error
    case_reference: str = ""
    changed: list[str] = field(default_factory=list)
    unmapped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    source_system: str
    records: list[RecordOutcome] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.records if r.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def errors(self) -> list[str]:
        lines = list(self.file_errors)
        for outcome in self.records:
            lines.extend(f"record {outcome.index + 1}: {e}" for e in outcome.errors)
        return lines

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unmapped_count(self) -> int:
        return sum(len(r.unmapped) for r in self.records)

    def summary(self) -> str:
        state = "checked (nothing written)" if self.dry_run or not self.ok else "imported"
        return (
            f"{len(self.records)} records {state}: {self.created} created, {self.updated} "
            f"updated, {self.unchanged} unchanged, {self.unmapped_count} unmapped fields, "
            f"{len(self.errors)} errors"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_system": self.source_system,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "records": [
                {
                    "index": r.index,
                    "source_id": r.source_id,
                    "outcome": r.outcome,
                    "case": r.case_reference,
                    "changed": r.changed,
                    "unmapped": r.unmapped,
                    "notes": r.notes,
                    "errors": r.errors,
                }
                for r in self.records
            ],
        }


class _Rollback(Exception):
    """Raised inside the transaction to undo a failed or dry-run import."""


# --- Reading files ----------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON: refuse them rather than export them back."""
    raise ValueError(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def parse_json(data: bytes) -> list[Any]:
    """Records of an HTCDS JSON file (a document with "records", or a bare list)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HtcdsFileError(
            _("The file is not UTF-8 encoded (byte %(position)s); save it as UTF-8 JSON.")
            % {"position": exc.start}
        ) from None
    try:
        parsed = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise HtcdsFileError(
            _(
                "The file is not valid JSON (line %(line)s, column %(column)s: %(error)s). "
                "It may be truncated."
            )
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    except (ValueError, RecursionError):
        raise HtcdsFileError(
            _("The file holds numbers too large or lists nested too deeply to be read safely.")
        ) from None
    if isinstance(parsed, dict) and "records" in parsed:
        version = parsed.get("htcds_version", "2.0")
        if version != "2.0":
            raise HtcdsFileError(
                _("HTCDS version %(version)s is not supported (2.0 is).") % {"version": version}
            )
        records = parsed["records"]
    elif isinstance(parsed, list):
        records = parsed
    else:
        records = None
    if not isinstance(records, list) or not any(is_htcds_like(r) for r in records):
        raise HtcdsFileError(
            _("This JSON file holds no HTCDS record (no field such as prs_Gender or cas_Status).")
        )
    return records


def _field_types() -> dict[str, str]:
    types = {f["name"]: f["type"].lower() for f in load_standard()["fields"]}
    types["x_BirthYear"] = "integer"
    return types


def _typed(name: str, text: str, types: dict[str, str]) -> Any:
    """A spreadsheet cell's text as the JSON value the schema expects for ``name``."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n", " "):
        text = text[1:]  # undo the formula neutralisation of the exporter
    kind = types.get(name, "")
    if name in REPEATED_TABLES.values():
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    if kind == "checkbox":
        folded = text.strip().lower()
        if folded in {"true", "1", "yes", "oui", "x"}:
            return True
        if folded in {"false", "0", "no", "non"}:
            return False
        return text
    if kind in {"number", "geolocation", "integer"}:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    if kind.startswith("multiselect"):
        return [v for v in re.split(r"[;,\s]+", text) if v]
    return text


def parse_xlsx(data: bytes) -> list[dict[str, Any]]:
    """Records of a sheet laid out like the HTCDS spreadsheet template."""
    if not data.startswith(b"PK\x03\x04"):
        raise HtcdsFileError(_("The file is named .xlsx but is not an Excel workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise HtcdsFileError(_("The workbook is damaged or truncated.")) from None
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise HtcdsFileError(_("The workbook expands to too much data to be read safely."))
    from openpyxl import load_workbook

    from jokko.tabular.reader import cell_text

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise HtcdsFileError(_("The workbook is damaged or truncated.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [TEMPLATE_ALIASES.get(cell_text(v), cell_text(v)) for v in next(rows, ())]
        labels = {f["name"]: f["label"] for f in load_standard()["fields"]}
        types = _field_types()
        records: list[dict[str, Any]] = []
        for values in rows:
            texts = [cell_text(v) for v in values]
            named = {h: t for h, t in zip(header, texts, strict=False) if h and t}
            if not named or all(t in (h, labels.get(h)) for h, t in named.items()):
                continue  # blank row, or the template's row of labels
            records.append({h: _typed(h, t, types) for h, t in named.items()})
            if len(records) > MAX_RECORDS:
                break
    finally:
        workbook.close()
    if not any(is_htcds_like(r) for r in records):
        raise HtcdsFileError(_("This sheet has no HTCDS columns (such as prs_Gender)."))
    return records


def parse_file(data: bytes, filename: str) -> list[Any]:
    """Records of an uploaded .json or .xlsx HTCDS file; `HtcdsFileError` for anything else."""
    if len(data) > MAX_FILE_BYTES:
        raise HtcdsFileError(
            _("The file is too big (%(size)s MB; the limit is %(limit)s MB).")
            % {"size": round(len(data) / 1e6, 1), "limit": MAX_FILE_BYTES // 1_000_000}
        )
    if not data.strip():
        raise HtcdsFileError(_("The file is empty."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "json":
        records = parse_json(data)
    elif extension == "xlsx":
        records = parse_xlsx(data)
    else:
        raise HtcdsFileError(_("Upload an HTCDS file in .json or .xlsx format."))
    if len(records) > MAX_RECORDS:
        raise HtcdsFileError(
            _("The file has more than %(limit)s records; split it.") % {"limit": MAX_RECORDS}
        )
    return records


# --- Importing records ------------------------------------------------------------------------


def record_hash(record: dict[str, Any]) -> str:
    content = {k: v for k, v in record.items() if k not in BOOKKEEPING_FIELDS}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def source_id_of(record: dict[str, Any]) -> str:
    """x_SourceId, or a content hash for systems that send no id (then updates are new cases)."""
    given = record.get("x_SourceId")
    if isinstance(given, str) and given.strip():
        return given.strip()
    return "sha256:" + record_hash(record)


def _default_place(actor: Any, mapped: Mapped) -> str:
    """Where to say the person was identified when the record does not tell (noted in the
    report): the place of exploitation, of recruitment, the importer's organisation, or the
    node's capital, in that order."""
    candidates = [
        mapped.destination_code,
        mapped.origin_code,
        getattr(actor.organisation, "place_code", ""),
    ]
    for code in candidates:
        if code:
            try:
                return get_place(code).code
            except UnknownPlace:
                continue
    towns = places_in(settings.NODE_COUNTRY, kind="town")
    return towns[0].code if towns else ""


def _case_input(actor: Any, mapped: Mapped, current: Case | None) -> CaseInput:
    place = mapped.place_code or (current.place_code if current else _default_place(actor, mapped))
    if not mapped.place_code and current is None:
        mapped.notes.append(f"place of identification not given: recorded as {place or '?'}")
    identified = mapped.identified_on or (
        current.identified_on if current else timezone.localdate()
    )
    return CaseInput(
        case_type=mapped.case_type,
        identification_source=mapped.identification_source,
        identified_on=identified,
        place_code=place,
        origin_code=mapped.origin_code,
        transit_codes=mapped.transit_codes,
        destination_code=mapped.destination_code,
        exploitation_types=mapped.exploitation_types,
        means_of_control=mapped.means_of_control,
        recruiter_relation=mapped.recruiter_relation,
    )


def _person_input(mapped: Mapped) -> PersonInput:
    return PersonInput(
        names=mapped.names or [PLACEHOLDER_NAME],
        sex=mapped.sex,
        birth_date=mapped.birth_date,
        birth_year=mapped.birth_year,
        birth_precision=mapped.birth_precision,
        nationality=mapped.nationality,
        languages=mapped.languages,
        phones=mapped.phones,
        documents=mapped.documents,
    )


def _create(actor: Any, mapped: Mapped, outcome: RecordOutcome, source_system: str) -> Case:
    data = _case_input(actor, mapped, None)
    case, _created = register_survivor(actor, _person_input(mapped), data, channel=CHANNEL)
    _add_services_and_plans(actor, case, mapped, data.identified_on)
    if mapped.screening_outcome:
        record_screening(
            actor,
            case,
            outcome=mapped.screening_outcome,
            screened_on=data.identified_on,
            channel=CHANNEL,
        )
    if mapped.consent:
        record_consent(
            actor,
            case,
            scopes=[ConsentScope.STATISTICS],
            given_on=data.identified_on,
            channel=CHANNEL,
        )
    if mapped.closed:
        note = mapped.closure_reason or _("Closed in %(system)s") % {"system": source_system}
        transition_case(actor, case, CaseStatus.CLOSED, note=note, channel=CHANNEL)
    return case


def _add_services_and_plans(
    actor: Any, case: Case, mapped: Mapped, agreed_on: datetime.date
) -> list[str]:
    """Record the services and plans the case does not have yet (never deletes any)."""
    added: list[str] = []
    have_services = [(s.service_type, s.delivered_on) for s in case.services.order_by("id")]
    for service_type, delivered_on in mapped.services:
        if (service_type, delivered_on) in have_services:
            have_services.remove((service_type, delivered_on))
            continue
        record_service(
            actor,
            case,
            service_type=service_type,
            delivered_on=delivered_on,
            channel=CHANNEL,
        )
        added.append("service")
    have_plans = [(p.goals, p.review_on) for p in case.plans.order_by("id")]
    for goals, review_on in mapped.plans:
        if (goals, review_on) in have_plans:
            have_plans.remove((goals, review_on))
            continue
        agreed = min(agreed_on, review_on) if review_on else agreed_on
        write_case_plan(
            actor, case, goals=goals, agreed_on=agreed, review_on=review_on, channel=CHANNEL
        )
        added.append("case plan")
    return added


def _same_htcds(vocab: str, current: list[str], new: list[str]) -> bool:
    """Jokko refinements (e.g. talibé begging) survive a re-import that says the same thing."""
    return htcds_values(vocab, current) == htcds_values(vocab, new)


def _update(actor: Any, case: Case, mapped: Mapped, outcome: RecordOutcome) -> None:
    data = _case_input(actor, mapped, case)
    for name, vocab in (
        ("exploitation_types", "exploitation_type"),
        ("means_of_control", "means_of_control"),
    ):
        if _same_htcds(vocab, getattr(case, name), getattr(data, name)):
            setattr(data, name, getattr(case, name))
    for name, vocab in (
        ("identification_source", "identification_source"),
        ("recruiter_relation", "recruiter_relation"),
    ):
        if _same_htcds(vocab, [getattr(case, name)], [getattr(data, name)]):
            setattr(data, name, getattr(case, name))
    changed = [
        name
        for name in CaseInput.__dataclass_fields__
        if name not in ("summary", "client_id") and getattr(data, name) != getattr(case, name)
    ]
    if changed:
        data.summary = case.summary
        update_case_details(actor, case, data, expected_version=case.version, channel=CHANNEL)
        outcome.changed.extend(changed)
    person = Person.objects.get(pk=case.person_id)
    person_changes: dict[str, Any] = {}
    for name in ("sex", "nationality", "languages"):
        if getattr(mapped, name) != getattr(person, name):
            person_changes[name] = getattr(mapped, name)
    birth = (mapped.birth_date, mapped.birth_year, mapped.birth_precision)
    if mapped.birth_date is not None or mapped.birth_year is not None:
        if birth != (person.birth_date, person.birth_year, person.birth_precision):
            person_changes.update(
                birth_date=mapped.birth_date,
                birth_year=mapped.birth_year,
                birth_precision=mapped.birth_precision,
            )
    if person_changes:
        cleaned = _person_input(mapped)
        from jokko.people.actions import clean_person_input

        clean_person_input(cleaned)
        Person.objects.filter(pk=person.pk).update(
            updated_at=timezone.now(), version=F("version") + 1, **person_changes
        )
        analytics_touched(Person, [person.pk])  # QuerySet.update sends no signal
        audit(
            actor,
            "update",
            "person",
            person.pk,
            person_id=person.pk,
            channel=CHANNEL,
            fields=sorted(person_changes),
        )
        outcome.changed.extend(f"person.{name}" for name in sorted(person_changes))
    if mapped.names:
        known = {n.full_name for n in person.names.all()}
        if mapped.names[0] not in known:
            add_alias(actor, person, mapped.names[0], channel=CHANNEL)
            outcome.changed.append("person.names")
    case.refresh_from_db()
    if mapped.consent and not case.consents.filter(withdrawn_on__isnull=True).exists():
        record_consent(
            actor,
            case,
            scopes=[ConsentScope.STATISTICS],
            given_on=timezone.localdate(),
            channel=CHANNEL,
        )
        outcome.changed.append("consent")
    outcome.changed.extend(_add_services_and_plans(actor, case, mapped, case.identified_on))
    latest = case.screenings.order_by("-screened_on", "-id").first()
    if mapped.screening_outcome and (
        latest is None
        or SCREENING_TO_STATUS.get(latest.outcome) != SCREENING_TO_STATUS[mapped.screening_outcome]
    ):
        record_screening(
            actor,
            case,
            outcome=mapped.screening_outcome,
            screened_on=timezone.localdate(),
            channel=CHANNEL,
        )
        outcome.changed.append("screening")
        case.refresh_from_db()
    if mapped.closed and case.status != CaseStatus.CLOSED:
        note = mapped.closure_reason or _("Closed in the source system")
        transition_case(actor, case, CaseStatus.CLOSED, note=note, channel=CHANNEL)
        outcome.changed.append("status")
    elif not mapped.closed and case.status == CaseStatus.CLOSED:
        outcome.notes.append("the source reopened the case: reopen it in Jokko if it should be")


def _check(records: list[Any], report: ImportReport) -> list[tuple[dict[str, Any], Mapped]]:
    """Validate every record before anything is written; fill the report's per-record errors."""
    checked: list[tuple[dict[str, Any], Mapped]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(records):
        outcome = RecordOutcome(index=index, source_id="")
        report.records.append(outcome)
        if not isinstance(raw, dict) or not is_htcds_like(raw):
            outcome.outcome = "error"
            outcome.errors.append(_("not an HTCDS record"))
            continue
        outcome.source_id = source_id_of(raw)
        errors = record_errors(raw)
        if outcome.source_id in seen:
            errors.append(
                _("same x_SourceId as record %(other)s") % {"other": seen[outcome.source_id] + 1}
            )
        seen.setdefault(outcome.source_id, index)
        if errors:
            outcome.outcome = "error"
            outcome.errors.extend(errors)
            continue
        mapped = map_record(raw)
        outcome.unmapped = dict(mapped.unmapped)
        checked.append((raw, mapped))
    return checked


def import_records(
    actor: Any,
    records: list[Any],
    *,
    source_system: str,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
) -> ImportReport:
    """Import HTCDS records as ``actor``; everything or nothing (see the module docstring)."""
    if not can_register_survivors(actor):
        raise ActionForbidden
    report = ImportReport(source_system=source_system.strip(), dry_run=dry_run)
    if not report.source_system or len(report.source_system) > 100:
        report.file_errors.append(_("Name the source system (100 characters at most)."))
        return report
    if len(records) > MAX_RECORDS:
        report.file_errors.append(
            _("The file has more than %(limit)s records; split it.") % {"limit": MAX_RECORDS}
        )
        return report
    checked = _check(records, report)
    if not report.ok:
        return report
    outcomes = [o for o in report.records if o.outcome != "error"]
    try:
        with transaction.atomic():
            for (raw, mapped), outcome in zip(checked, outcomes, strict=True):
                _apply(actor, raw, mapped, outcome, report.source_system)
                if progress is not None:
                    progress()
            if not report.ok or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _apply(
    actor: Any, raw: dict[str, Any], mapped: Mapped, outcome: RecordOutcome, source_system: str
) -> None:
    digest = record_hash(raw)
    existing = (
        ImportedRecord.objects.select_related("case")
        .filter(source_system=source_system, source_id=outcome.source_id)
        .first()
    )
    try:
        with transaction.atomic():
            if existing is not None and existing.record_hash == digest:
                outcome.outcome = "unchanged"
                outcome.case_reference = existing.case.reference
                return
            if existing is None:
                case = _create(actor, mapped, outcome, source_system)
                ImportedRecord.objects.create(
                    source_system=source_system,
                    source_id=outcome.source_id,
                    case=case,
                    record_hash=digest,
                    preserved=mapped.preserved,
                    imported_by=actor,
                )
                outcome.outcome = "created"
            else:
                case = existing.case
                _update(actor, case, mapped, outcome)
                if existing.preserved != mapped.preserved:
                    outcome.changed.append("unmapped fields")
                ImportedRecord.objects.filter(pk=existing.pk).update(
                    record_hash=digest, preserved=mapped.preserved, updated_at=timezone.now()
                )
                outcome.outcome = "updated" if outcome.changed else "unchanged"
            outcome.case_reference = case.reference
            outcome.notes.extend(mapped.notes)
    except ValidationError as exc:
        outcome.outcome = "error"
        if hasattr(exc, "message_dict"):
            outcome.errors.extend(f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items())
        else:
            outcome.errors.extend(exc.messages)
    except (IllegalTransition, StaleEdit, ActionForbidden) as exc:
        outcome.outcome = "error"
        outcome.errors.append(str(exc) or exc.__class__.__name__)


def import_file(
    actor: Any,
    data: bytes,
    filename: str,
    *,
    source_system: str,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
) -> ImportReport:
    """Parse then import a file; a file that cannot be read gives a report with one error."""
    try:
        records = parse_file(data, filename)
    except HtcdsFileError as exc:
        report = ImportReport(source_system=source_system, dry_run=dry_run)
        report.file_errors.append(str(exc))
        return report
    return import_records(
        actor, records, source_system=source_system, dry_run=dry_run, progress=progress
    )
