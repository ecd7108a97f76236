"""Writes to trainings. Views and the API parse input, then call one of these.

Every function validates everything first and writes nothing if anything is wrong, then writes
in one transaction with an audit entry. An attendance sheet goes through two steps:
`preview_sheet` reads and checks it and tells which rows are new people, which are people
Jokko already knows and which are rejected (line, column, message), writing nothing but the
pending sheet; `confirm_sheet` imports the accepted rows of exactly that file, all or nothing.
Importing a sheet twice adds no attendance twice.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation
from jokko.audit.actions import record
from jokko.gazetteer import COUNTRIES
from jokko.gazetteer.places import UnknownPlace
from jokko.gazetteer.places import get as get_place
from jokko.tabular import TableError, read_table
from jokko.trainings.access import can_manage_trainings
from jokko.trainings.models import (
    Attendance,
    AttendanceRole,
    AttendanceSheet,
    Audience,
    Participant,
    Sex,
    TrainingEvent,
    TrainingTopic,
)
from jokko.trainings.sheets import (
    MAX_TEXT,
    ParsedSheet,
    RowProblem,
    SheetRow,
    agency_key,
    parse_attendance,
    phone_key,
)
from jokko.validation import Errors, add_error, raise_if_errors

EARLIEST_TRAINING = datetime.date(2000, 1, 1)
MAX_DAYS = 90
MAX_AHEAD = datetime.timedelta(days=2 * 365)
MAX_SHEET_BYTES = 5_000_000
MAX_SHEET_ROWS = 5_000
PENDING_SHEET_LIFETIME = datetime.timedelta(days=1)
# Certificate numbers: no 0/O or 1/I, so a number read aloud over the phone is unambiguous.
_CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass
class TrainingInput:
    title: str
    topic_code: str
    audience: str
    place_code: str
    start_on: datetime.date | None
    end_on: datetime.date | None
    organiser_id: int | None = None  # defaults to the user's organisation
    funder: str = ""
    is_training_of_trainers: bool = False
    country: str = ""  # defaults to the node's country


def _require_manager(user: Any) -> None:
    if not can_manage_trainings(user):
        raise ActionForbidden


def clean_training(
    data: TrainingInput, user: Any
) -> tuple[TrainingTopic | None, Organisation | None]:
    errors: Errors = {}
    title = data.title.strip()
    if not title:
        add_error(errors, "title", _("A title is required."))
    elif len(title) > 300:
        add_error(errors, "title", _("The title is too long (at most 300 characters)."))
    topic = TrainingTopic.objects.filter(code=data.topic_code, active=True).first()
    if topic is None:
        add_error(errors, "topic", _("Choose a topic from the catalogue."))
    if data.audience not in Audience.values:
        add_error(errors, "audience", _("Choose an audience."))
    country = (data.country or settings.NODE_COUNTRY).upper()
    if country not in COUNTRIES:
        add_error(errors, "country", _("Unknown country."))
    try:
        place = get_place(data.place_code)
    except UnknownPlace:
        add_error(errors, "place_code", _("Choose a place from the gazetteer."))
    else:
        if place.country != country:
            add_error(errors, "place_code", _("This place is not in the training's country."))
    today = timezone.localdate()
    if data.start_on is None:
        add_error(errors, "start_on", _("The first day is required."))
    elif not EARLIEST_TRAINING <= data.start_on <= today + MAX_AHEAD:
        add_error(errors, "start_on", _("This date is not plausible for a training."))
    if data.end_on is None:
        add_error(errors, "end_on", _("The last day is required."))
    elif data.start_on is not None:
        if data.end_on < data.start_on:
            add_error(errors, "end_on", _("The last day is before the first day."))
        elif (data.end_on - data.start_on).days >= MAX_DAYS:
            add_error(errors, "end_on", _("A training lasts at most %(n)s days.") % {"n": MAX_DAYS})
    organiser_id = data.organiser_id or getattr(user, "organisation_id", None)
    organiser = Organisation.objects.filter(pk=organiser_id).first() if organiser_id else None
    if organiser is None:
        add_error(errors, "organiser", _("Choose the organiser."))
    if len(data.funder) > 200:
        add_error(errors, "funder", _("The funder is too long (at most 200 characters)."))
    raise_if_errors(errors)
    return topic, organiser


def next_reference(year: int) -> str:
    """FOR-<node country>-<year>-<sequence>, following the highest of the series."""
    prefix = f"FOR-{settings.NODE_COUNTRY}-{year}-"
    references = TrainingEvent.objects.filter(reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    highest = max(
        (int(ref[len(prefix) :]) for ref in references if ref[len(prefix) :].isdigit()), default=0
    )
    return f"{prefix}{highest + 1:04d}"


def record_training(user: Any, data: TrainingInput) -> TrainingEvent:
    _require_manager(user)
    topic, organiser = clean_training(data, user)
    # clean_training raised if any of these were missing.
    assert topic is not None and organiser is not None
    assert data.start_on is not None and data.end_on is not None
    with transaction.atomic():
        event = TrainingEvent.objects.create(
            reference=next_reference(data.start_on.year),
            title=data.title.strip(),
            topic=topic,
            audience=data.audience,
            country=(data.country or settings.NODE_COUNTRY).upper(),
            place_code=data.place_code,
            start_on=data.start_on,
            end_on=data.end_on,
            organiser=organiser,
            funder=data.funder.strip(),
            is_training_of_trainers=data.is_training_of_trainers,
            created_by=user,
        )
        record(user, "create", "training", event.pk, reference=event.reference)
    return event


# --- participants -------------------------------------------------------------------------


def find_participant(row: SheetRow) -> Participant | None:
    """The known participant this row describes, or None for a new person.

    Same person = same normalised name (word order, case and accents ignored) and
      1. the same phone or e-mail, whatever the agency (people change posts; a contact follows
         them), or
      2. the same agency and country, unless both records have a phone (or both an e-mail)
         and they differ (two namesakes in one big police directorate).
    A name alone never matches: "Mamadou Diallo" is a common name.
    """
    candidates = list(Participant.objects.filter(name_key=row.name_key).order_by("id"))
    phone = phone_key(row.phone) if row.phone else ""
    for candidate in candidates:
        if phone and phone_key(candidate.phone) == phone:
            return candidate
        if row.email and candidate.email.lower() == row.email.lower():
            return candidate
    for candidate in candidates:
        if candidate.agency_key != row.agency_key or candidate.country != row.country:
            continue
        if phone and candidate.phone and phone_key(candidate.phone) != phone:
            continue
        if row.email and candidate.email and candidate.email.lower() != row.email.lower():
            continue
        return candidate
    return None


def new_certificate_number() -> str:
    body = "".join(secrets.choice(_CERTIFICATE_ALPHABET) for _ in range(10))
    return f"JK-{body[:5]}-{body[5:]}"


def _issue_certificate(attendance: Attendance) -> None:
    """A completed trainee gets a certificate number once; it never changes afterwards."""
    if attendance.certificate_number or not attendance.completed:
        return
    if attendance.role != AttendanceRole.TRAINEE:
        return
    for _attempt in range(5):
        attendance.certificate_number = new_certificate_number()
        try:
            with transaction.atomic():
                attendance.save(update_fields=["certificate_number"])
            return
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a unique certificate number")


class RowStatus:
    NEW = "new"
    MATCHED = "matched"
    ALREADY = "already"  # already attending this event with the same details
    UPDATED = "updated"  # already attending; scores or completion change


@dataclass
class RowPlan:
    row: SheetRow
    status: str
    participant: Participant | None = None


@dataclass
class AddResult:
    created_participants: int = 0
    matched_participants: int = 0
    added_attendances: int = 0
    updated_attendances: int = 0
    unchanged_attendances: int = 0


def plan_rows(event: TrainingEvent, rows: list[SheetRow]) -> list[RowPlan]:
    """What adding these rows to the event would do, without writing anything."""
    plans = []
    for row in rows:
        participant = find_participant(row)
        if participant is None:
            plans.append(RowPlan(row, RowStatus.NEW))
            continue
        attendance = Attendance.objects.filter(event=event, participant=participant).first()
        if attendance is None:
            plans.append(RowPlan(row, RowStatus.MATCHED, participant))
        elif (
            attendance.role,
            attendance.pre_score,
            attendance.post_score,
            attendance.completed,
        ) == (
            row.role,
            row.pre_score,
            row.post_score,
            row.completed,
        ):
            plans.append(RowPlan(row, RowStatus.ALREADY, participant))
        else:
            plans.append(RowPlan(row, RowStatus.UPDATED, participant))
    return plans


def _check_rows(event: TrainingEvent, rows: list[SheetRow]) -> None:
    """Rows given directly (API, demo) get the same checks as a sheet's rows."""
    errors: Errors = {}
    seen: set[tuple[str, str, str]] = set()
    for position, row in enumerate(rows, start=1):
        label = _("Participant %(n)s") % {"n": position}
        if not row.name_key or not row.agency_key:
            add_error(
                errors,
                "participants",
                _("%(label)s: name and agency are required.") % {"label": label},
            )
        if len(row.name) > MAX_TEXT or len(row.agency) > MAX_TEXT or len(row.position) > MAX_TEXT:
            add_error(
                errors, "participants", _("%(label)s: a text is too long.") % {"label": label}
            )
        if row.sex not in Sex.values:
            add_error(errors, "participants", _("%(label)s: unknown sex.") % {"label": label})
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                add_error(
                    errors, "participants", _("%(label)s: invalid e-mail.") % {"label": label}
                )
        if row.role not in AttendanceRole.values:
            add_error(errors, "participants", _("%(label)s: unknown role.") % {"label": label})
        if row.country not in COUNTRIES:
            add_error(errors, "participants", _("%(label)s: unknown country.") % {"label": label})
        for score in (row.pre_score, row.post_score):
            if score is not None and not 0 <= score <= 100:
                add_error(
                    errors,
                    "participants",
                    _("%(label)s: a score is a whole number from 0 to 100.") % {"label": label},
                )
        identity = (row.name_key, row.agency_key, row.country)
        if identity in seen:
            add_error(errors, "participants", _("%(label)s: listed twice.") % {"label": label})
        seen.add(identity)
    raise_if_errors(errors)


def add_participants(user: Any, event: TrainingEvent, rows: list[SheetRow]) -> AddResult:
    """Add attendances to an event, matching each row to a known participant or creating one.

    Idempotent: a row for someone already attending updates their scores and completion,
    never adds a second attendance.
    """
    _require_manager(user)
    _check_rows(event, rows)
    result = AddResult()
    with transaction.atomic():
        for plan in plan_rows(event, rows):
            row = plan.row
            participant = plan.participant
            if participant is None:
                participant = Participant.objects.create(
                    full_name=row.name,
                    name_key=row.name_key,
                    sex=row.sex,
                    agency=row.agency,
                    agency_key=agency_key(row.agency),
                    position=row.position,
                    country=row.country,
                    phone=row.phone,
                    email=row.email,
                    created_by=user,
                )
                result.created_participants += 1
            else:
                result.matched_participants += 1
                _complete_participant(participant, row)
            attendance, created = Attendance.objects.get_or_create(
                event=event,
                participant=participant,
                defaults={
                    "role": row.role,
                    "pre_score": row.pre_score,
                    "post_score": row.post_score,
                    "completed": row.completed,
                },
            )
            if created:
                result.added_attendances += 1
            elif plan.status == RowStatus.ALREADY:
                result.unchanged_attendances += 1
            else:
                attendance.role = row.role
                attendance.pre_score = row.pre_score
                attendance.post_score = row.post_score
                attendance.completed = row.completed
                attendance.save(update_fields=["role", "pre_score", "post_score", "completed"])
                result.updated_attendances += 1
            _issue_certificate(attendance)
        record(
            user,
            "add_participants",
            "training",
            event.pk,
            created=result.created_participants,
            matched=result.matched_participants,
            added=result.added_attendances,
            updated=result.updated_attendances,
        )
    return result


def _complete_participant(participant: Participant, row: SheetRow) -> None:
    """Fill what a known participant's record lacks; never overwrite what it has."""
    changed = []
    for name in ("position", "phone", "email"):
        if getattr(row, name) and not getattr(participant, name):
            setattr(participant, name, getattr(row, name))
            changed.append(name)
    if participant.sex == "unknown" and row.sex != "unknown":
        participant.sex = row.sex
        changed.append("sex")
    if changed:
        participant.save(update_fields=changed)


# --- attendance sheets --------------------------------------------------------------------


@dataclass
class SheetPreview:
    filename: str
    sheet: AttendanceSheet | None = None
    sheet_errors: list[str] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    already_imported: bool = False

    @property
    def can_confirm(self) -> bool:
        return self.sheet is not None and not self.sheet_errors and bool(self.plans)

    def count(self, status: str) -> int:
        return sum(1 for plan in self.plans if plan.status == status)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})


def _parse(event: TrainingEvent, data: bytes, filename: str) -> tuple[ParsedSheet, str]:
    """The checked sheet, and a digest of its cells (not of its bytes: Excel rewrites a
    workbook's timestamps at every save, the same list saved twice is the same sheet)."""
    try:
        table = read_table(data, filename, max_bytes=MAX_SHEET_BYTES, max_rows=MAX_SHEET_ROWS)
    except TableError as exc:
        return ParsedSheet(sheet_errors=[str(exc)]), ""
    cells = json.dumps([table.headers, [row.values for row in table.rows]], sort_keys=True)
    digest = hashlib.sha256(cells.encode()).hexdigest()
    parsed = parse_attendance(
        table,
        default_country=event.country,
        countries=frozenset(COUNTRIES),
        first_day=event.start_on,
        last_day=event.end_on,
    )
    if not parsed.sheet_errors and not parsed.rows and not parsed.problems:
        parsed.sheet_errors.append(_("The sheet has column names but no participant."))
    return parsed, digest


def preview_sheet(user: Any, event: TrainingEvent, data: bytes, filename: str) -> SheetPreview:
    """Read and check a sheet; keep it for confirmation only if some rows can be imported."""
    _require_manager(user)
    filename = re.sub(r"[^\w.\- ]", "_", filename)[-200:] or "sheet"
    parsed, digest = _parse(event, data, filename)
    preview = SheetPreview(
        filename=filename,
        sheet_errors=parsed.sheet_errors,
        problems=parsed.problems,
        ignored_columns=parsed.ignored_columns,
    )
    if parsed.sheet_errors:
        return preview
    preview.plans = plan_rows(event, parsed.rows)
    preview.already_imported = AttendanceSheet.objects.filter(
        event=event, sha256=digest, imported_at__isnull=False
    ).exists()
    if preview.plans:
        # Sheets previewed but never confirmed are not kept beyond a day: they hold names.
        AttendanceSheet.objects.filter(
            imported_at__isnull=True, uploaded_at__lt=timezone.now() - PENDING_SHEET_LIFETIME
        ).delete()
        preview.sheet = AttendanceSheet.objects.create(
            event=event, filename=filename, content=data, sha256=digest, uploaded_by=user
        )
    return preview


def pending_sheet(event: TrainingEvent, sheet_id: int) -> AttendanceSheet:
    sheet = AttendanceSheet.objects.filter(
        pk=sheet_id, event=event, imported_at__isnull=True
    ).first()
    if sheet is None:
        raise ValidationError({"sheet": [_("This sheet was already imported or does not exist.")]})
    return sheet


def confirm_sheet(user: Any, event: TrainingEvent, sheet_id: int) -> tuple[AddResult, SheetPreview]:
    """Import the accepted rows of a previewed sheet, all or nothing."""
    _require_manager(user)
    sheet = pending_sheet(event, sheet_id)
    parsed, _digest = _parse(event, bytes(sheet.content), sheet.filename)
    if parsed.sheet_errors or not parsed.rows:
        raise ValidationError({"sheet": parsed.sheet_errors or [_("Nothing to import.")]})
    with transaction.atomic():
        locked = AttendanceSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.imported_at is not None:
            raise ValidationError({"sheet": [_("This sheet was already imported.")]})
        result = add_participants(user, event, parsed.rows)
        locked.imported_at = timezone.now()
        locked.save(update_fields=["imported_at"])
        record(
            user,
            "import",
            "attendance_sheet",
            locked.pk,
            training=event.reference,
            rows=len(parsed.rows),
            rejected=len({p.line for p in parsed.problems}),
        )
    preview = SheetPreview(filename=sheet.filename, problems=parsed.problems)
    return result, preview
