"""Ingestion of ODK / KoboToolbox submissions: each becomes a case or a report, once.

`ingest` is the one entry point of the pages, the API and the commands. It checks who may
receive the form, looks the submission up by (form, instanceID) under a row lock, and:

* already accepted -> "already received" with the reference of what it created, nothing new;
* otherwise maps the answers and calls the owning app's action (`register_survivor`,
  `submit_report`, the HTCDS importer), inside a savepoint: a submission with a bad value
  creates nothing and is stored as rejected, with the reasons per question. Sending a
  corrected copy (same instanceID) processes it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.odk import mapping
from jokko.odk.access import can_receive
from jokko.odk.models import Submission, SubmissionForm, SubmissionStatus
from jokko.odk.parsing import Submission as Parsed
from jokko.odk.xlsform import FORM_IDS, FORMS

HTCDS_SOURCE_SYSTEM = "odk-htcds"


class Result:
    CREATED = "created"
    ALREADY_RECEIVED = "already_received"
    REJECTED = "rejected"


@dataclass
class Outcome:
    instance_id: str
    result: str
    reference: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    submission: Submission | None = None

    @property
    def message(self) -> str:
        if self.result == Result.CREATED:
            return _("Created %(reference)s.") % {"reference": self.reference}
        if self.result == Result.ALREADY_RECEIVED:
            return _("Already received: %(reference)s.") % {"reference": self.reference or "—"}
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.errors.items())


def detect_form(parsed: Parsed, declared: str = "") -> str:
    """The Jokko form a submission belongs to: as declared by the user, else from its form id
    (Jokko's own forms), else by its questions (the HTCDS form)."""
    if declared:
        return declared
    if parsed.form_id in FORM_IDS:
        return FORM_IDS[parsed.form_id]
    if mapping.looks_like_htcds(parsed):
        return SubmissionForm.HTCDS
    # A Kobo export names its server's asset, not the XLSForm's form_id: go by the questions.
    if parsed.get("given_name") and "identified_on" in parsed.answers:
        return SubmissionForm.IDENTIFICATION
    if parsed.get("description") and "urgency" in parsed.answers:
        return SubmissionForm.REPORT
    return ""


def _form_mismatch(parsed: Parsed, form: str) -> str:
    """A Jokko form id that contradicts the form the user said this is."""
    own = FORM_IDS.get(parsed.form_id)
    if own and own != form:
        return _("This is a submission of the form “%(found)s”, not “%(expected)s”.") % {
            "found": parsed.form_id,
            "expected": FORMS[form].form_id if form in FORMS else form,
        }
    return ""


def ingest(actor: Any, parsed: Parsed, *, form: str = "", channel: str = "web") -> Outcome:
    form = detect_form(parsed, form)
    if form not in SubmissionForm.values:
        return Outcome(
            parsed.instance_id,
            Result.REJECTED,
            errors={"form": [_("The form of this submission is not recognised.")]},
        )
    if not can_receive(actor, form):
        raise ActionForbidden
    mismatch = _form_mismatch(parsed, form)
    try:
        return _ingest(actor, parsed, form, mismatch, channel)
    except IntegrityError:
        # The same submission arrived twice at the same moment: the other copy won.
        return _ingest(actor, parsed, form, mismatch, channel)


@transaction.atomic
def _ingest(actor: Any, parsed: Parsed, form: str, mismatch: str, channel: str) -> Outcome:
    existing = (
        Submission.objects.select_for_update()
        .filter(form=form, instance_id=parsed.instance_id[:128])
        .first()
    )
    if existing is not None and existing.status == SubmissionStatus.ACCEPTED:
        same_org = existing.organisation_id == actor.organisation_id
        return Outcome(
            parsed.instance_id,
            Result.ALREADY_RECEIVED,
            reference=existing.reference if same_org else "",
            submission=existing,
        )
    errors: dict[str, list[str]] = {}
    reference = ""
    made: dict[str, Any] = {}
    if mismatch:
        errors["form"] = [mismatch]
    elif len(parsed.instance_id) > 128:
        errors["instanceID"] = [_("The instance id is too long.")]
    else:
        try:
            with transaction.atomic():
                reference, made = _create(actor, parsed, form, channel)
        except ValidationError as exc:
            errors = _messages(exc)
    submission = existing or Submission(form=form, instance_id=parsed.instance_id[:128], attempts=0)
    submission.form_id = parsed.form_id[:128]
    submission.form_version = parsed.version[:64]
    submission.source = parsed.source
    submission.status = SubmissionStatus.REJECTED if errors else SubmissionStatus.ACCEPTED
    submission.errors = errors
    submission.reference = reference
    submission.case = made.get("case")
    submission.report_id = made.get("report_id")
    submission.unmapped = made.get("unmapped", [])
    submission.organisation = actor.organisation
    submission.received_by = actor
    submission.attempts += 1
    submission.save()
    record(
        actor,
        "create" if submission.attempts == 1 else "update",
        "odk_submission",
        submission.pk,
        channel=channel,
        form=form,
        status=submission.status,
        reference=reference,
    )
    return Outcome(
        parsed.instance_id,
        Result.REJECTED if errors else Result.CREATED,
        reference=reference,
        errors=errors,
        submission=submission,
    )


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
    return {"submission": [str(m) for m in exc.messages]}


def _create(actor: Any, parsed: Parsed, form: str, channel: str) -> tuple[str, dict[str, Any]]:
    """Create what the submission describes; raise ValidationError (nothing written) if bad."""
    if form == SubmissionForm.IDENTIFICATION:
        return _create_case(actor, parsed, channel)
    if form == SubmissionForm.REPORT:
        return _create_report(actor, parsed)
    return _create_from_htcds(actor, parsed, channel)


def _create_case(actor: Any, parsed: Parsed, channel: str) -> tuple[str, dict[str, Any]]:
    from jokko.cases.actions import record_consent, register_survivor

    inputs, errors = mapping.identification(parsed)
    if inputs is None:
        raise ValidationError(errors)
    case, _created = register_survivor(actor, inputs.person, inputs.case, channel=channel)
    if inputs.consent_scopes:
        record_consent(
            actor,
            case,
            scopes=inputs.consent_scopes,
            given_on=inputs.case.identified_on,
            form=inputs.consent_form,
            channel=channel,
        )
    return case.reference, {"case": case}


def _create_report(actor: Any, parsed: Parsed) -> tuple[str, dict[str, Any]]:
    from jokko.community.actions import submit_report

    data, errors = mapping.report(parsed)
    if data is None:
        raise ValidationError(errors)
    report, _created = submit_report(actor, data, channel="odk", external_id=parsed.instance_id)
    return report.reference, {"report_id": report.pk}


def _create_from_htcds(actor: Any, parsed: Parsed, channel: str) -> tuple[str, dict[str, Any]]:
    organisation = getattr(actor, "organisation", None)
    record_, errors = mapping.htcds_record(
        parsed,
        country=settings.NODE_COUNTRY,
        default_place=getattr(organisation, "place_code", "") or "",
    )
    if errors:
        raise ValidationError(errors)
    try:
        from jokko.htcds.importer import import_records
    except ImportError:
        # The HTCDS importer is not installed in this tree yet: map the record ourselves.
        return _create_case_from_htcds(actor, record_, channel)
    return _import_htcds(actor, import_records, record_)


def _create_case_from_htcds(
    actor: Any, record_: dict[str, Any], channel: str
) -> tuple[str, dict[str, Any]]:
    from jokko.cases.actions import register_survivor

    inputs, errors, unmapped = mapping.identification_from_htcds(record_)
    if inputs is None:
        raise ValidationError(errors)
    case, _created = register_survivor(actor, inputs.person, inputs.case, channel=channel)
    return case.reference, {"case": case, "unmapped": unmapped}


def _import_htcds(
    actor: Any, import_records: Any, record_: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Hand the record to the HTCDS importer (one mapping of the standard for all of Jokko)."""
    report = import_records(actor, [record_], source_system=HTCDS_SOURCE_SYSTEM)
    problems = _import_errors(report)
    if problems:
        raise ValidationError(problems)
    case = _imported_case(record_["x_SourceId"])
    if case is None:
        raise ValidationError({"submission": [_("The HTCDS importer created no case.")]})
    unmapped = sorted({name for outcome in report.records for name in outcome.unmapped})
    return case.reference, {"case": case, "unmapped": unmapped}


def _import_errors(report: Any) -> dict[str, list[str]]:
    """The importer's errors ("record 1: field: message") as this submission's reasons."""
    return {"submission": [str(e) for e in report.errors]} if report.errors else {}


def _imported_case(source_id: str) -> Any:
    from jokko.htcds.models import ImportedRecord

    imported = (
        ImportedRecord.objects.filter(source_system=HTCDS_SOURCE_SYSTEM, source_id=source_id)
        .select_related("case")
        .first()
    )
    return imported.case if imported else None
