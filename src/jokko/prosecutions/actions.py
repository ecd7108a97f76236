"""Every change to a prosecution or a legal-aid file goes through one of these functions.

Each one checks permission (`ActionForbidden`), validates all input (`ValidationError`, one
message list per field), then writes in one transaction with an audit entry. Nothing is written
when any check fails: a verdict dated before its charge, a sentence without a conviction or a
charge under a foreign or repealed statute would make the justice indicators lie.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation, OrganisationKind
from jokko.audit.actions import record
from jokko.cases.access import can_edit_case, visible_cases
from jokko.cases.models import Case
from jokko.incidents.access import visible_suspects
from jokko.incidents.models import Offence
from jokko.investigations.access import visible_investigations
from jokko.prosecutions.access import can_manage, can_open_prosecution
from jokko.prosecutions.models import (
    Appeal,
    AppealOutcome,
    Charge,
    Compensation,
    Defendant,
    Hearing,
    HearingKind,
    LegalAidFile,
    Prosecution,
    ProsecutionStatus,
    ProtectionKind,
    ProtectionMeasure,
    Sentence,
    Statute,
    StopReason,
    Verdict,
    VerdictOutcome,
)
from jokko.validation import Errors, add_error, raise_if_errors

# Statuses in which a prosecution has stopped and takes no more charges or hearings.
FINAL_STATUSES = frozenset({ProsecutionStatus.CLOSED, ProsecutionStatus.DROPPED})


def _past_date(errors: Errors, name: str, value: datetime.date | None) -> None:
    if value is None:
        add_error(errors, name, _("This field is required."))
    elif value > timezone.localdate():
        add_error(errors, name, _("This date is in the future."))


def _require_manage(user: Any, prosecution: Prosecution) -> None:
    if not can_manage(user, prosecution):
        raise ActionForbidden


def _require_open(errors: Errors, prosecution: Prosecution) -> None:
    if prosecution.status in FINAL_STATUSES:
        add_error(errors, "__all__", _("This prosecution is closed."))


def _not_before(
    errors: Errors, name: str, value: datetime.date | None, floor: datetime.date, message: str
) -> None:
    if value is not None and value < floor:
        add_error(errors, name, message)


def _money(errors: Errors, name: str, value: Any, *, required: bool) -> Decimal:
    if value in (None, "") and not required:
        return Decimal(0)
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        add_error(errors, name, _("Enter an amount."))
        return Decimal(0)
    if not amount.is_finite() or amount < 0 or (required and amount == 0):
        add_error(errors, name, _("Enter a positive amount."))
    return amount


def _currency(errors: Errors, value: str) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        add_error(errors, "currency", _("Give the currency as a three-letter code (e.g. XOF)."))
    return code


# --- prosecutions -------------------------------------------------------------------------


@dataclass
class ProsecutionInput:
    opened_on: datetime.date | None
    court_id: int | None = None  # defaults to the prosecutor's own court
    suspect_ids: list[int] = field(default_factory=list)
    investigation_id: int | None = None
    reference: str = ""


def _court(user: Any, errors: Errors, court_id: int | None) -> Organisation | None:
    if court_id is None:
        court_id = user.organisation_id
    court = Organisation.objects.filter(pk=court_id, kind=OrganisationKind.COURT).first()
    if court is None:
        add_error(errors, "court_id", _("Choose a court."))
        return None
    if user.role != "coordinator" and court.pk != user.organisation_id:
        add_error(errors, "court_id", _("You may open prosecutions only before your own court."))
    return court


def _investigation(user: Any, errors: Errors, investigation_id: int | None) -> Any:
    """An investigation the user may see (for prosecutors: one referred for prosecution)."""
    if investigation_id is None:
        return None
    investigation = visible_investigations(user).filter(pk=investigation_id).first()
    if investigation is None:
        add_error(errors, "investigation_id", _("Unknown investigation."))
    return investigation


def open_prosecution(user: Any, data: ProsecutionInput, *, channel: str = "web") -> Prosecution:
    """Open a prosecution before a court, with its defendants chosen among recorded suspects."""
    if not can_open_prosecution(user):
        raise ActionForbidden
    errors: Errors = {}
    _past_date(errors, "opened_on", data.opened_on)
    court = _court(user, errors, data.court_id)
    investigation = _investigation(user, errors, data.investigation_id)
    suspect_ids = list(dict.fromkeys(data.suspect_ids))
    suspects = list(visible_suspects(user).filter(pk__in=suspect_ids))
    if not suspect_ids:
        add_error(errors, "suspect_ids", _("Choose at least one defendant."))
    elif len(suspects) != len(suspect_ids):
        add_error(errors, "suspect_ids", _("Unknown suspect."))
    reference = data.reference.strip()
    if reference and Prosecution.objects.filter(reference=reference).exists():
        add_error(errors, "reference", _("This reference is already used."))
    if investigation is not None and data.opened_on is not None:
        _not_before(
            errors,
            "opened_on",
            data.opened_on,
            investigation.opened_on,
            _("A prosecution cannot open before the investigation it stems from."),
        )
    raise_if_errors(errors)
    assert court is not None and data.opened_on is not None
    with transaction.atomic():
        prosecution = Prosecution.objects.create(
            reference=reference or f"tmp-{timezone.now().timestamp()}",
            court=court,
            prosecutor=user,
            investigation=investigation,
            opened_on=data.opened_on,
            created_by=user,
        )
        if not reference:
            prosecution.reference = (
                f"PRS-{court.country}-{data.opened_on.year}-{prosecution.pk:04d}"
            )
            prosecution.save(update_fields=["reference"])
        for suspect in suspects:
            Defendant.objects.create(prosecution=prosecution, suspect=suspect)
        record(
            user,
            "create",
            "prosecution",
            prosecution.pk,
            channel=channel,
            defendants=[s.pk for s in suspects],
        )
    return prosecution


def close_prosecution(
    user: Any, prosecution: Prosecution, *, status: str, stop_reason: str = "", channel: str = "web"
) -> Prosecution:
    """Change the status; stopping without a verdict needs a reason (the attrition indicator)."""
    _require_manage(user, prosecution)
    errors: Errors = {}
    if status not in ProsecutionStatus.values:
        add_error(errors, "status", _("Unknown status."))
    if stop_reason not in StopReason.values:
        add_error(errors, "stop_reason", _("Unknown reason."))
    if status == ProsecutionStatus.DROPPED and not stop_reason:
        add_error(errors, "stop_reason", _("Say why the prosecution was dropped."))
    raise_if_errors(errors)
    with transaction.atomic():
        prosecution.status = status
        prosecution.stop_reason = stop_reason if status == ProsecutionStatus.DROPPED else ""
        prosecution.save(update_fields=["status", "stop_reason"])
        record(user, "update", "prosecution", prosecution.pk, channel=channel, status=status)
    return prosecution


# --- charges, hearings, verdicts, sentences -------------------------------------------------


def add_charge(
    user: Any,
    prosecution: Prosecution,
    *,
    defendant_id: int | None,
    statute_id: int | None,
    offence: str,
    charged_on: datetime.date | None,
    channel: str = "web",
) -> Charge:
    _require_manage(user, prosecution)
    errors: Errors = {}
    _require_open(errors, prosecution)
    defendant = prosecution.defendants.filter(pk=defendant_id).first() if defendant_id else None
    if defendant is None:
        add_error(errors, "defendant_id", _("Choose a defendant of this prosecution."))
    statute = Statute.objects.filter(pk=statute_id).first() if statute_id else None
    if statute is None:
        add_error(errors, "statute_id", _("Unknown statute."))
    elif not statute.active:
        add_error(errors, "statute_id", _("This statute is no longer in force."))
    elif statute.country != prosecution.court.country:
        add_error(
            errors,
            "statute_id",
            _("This statute is not a law of %(country)s, where the court sits.")
            % {"country": prosecution.court.country},
        )
    if offence not in Offence.values:
        add_error(errors, "offence", _("Choose trafficking in persons or smuggling of migrants."))
    elif statute is not None and statute.offence != offence:
        add_error(
            errors,
            "offence",
            _("This statute punishes %(covered)s, not %(charged)s.")
            % {"covered": Offence(statute.offence).label, "charged": Offence(offence).label},
        )
    _past_date(errors, "charged_on", charged_on)
    if charged_on is not None:
        _not_before(
            errors,
            "charged_on",
            charged_on,
            prosecution.opened_on,
            _("A charge cannot precede the opening of the prosecution."),
        )
    raise_if_errors(errors)
    assert defendant is not None and statute is not None and charged_on is not None
    with transaction.atomic():
        charge = Charge.objects.create(
            defendant=defendant, statute=statute, offence=offence, charged_on=charged_on
        )
        record(
            user,
            "create",
            "charge",
            charge.pk,
            person_id=defendant.suspect.person_id,
            channel=channel,
            prosecution=prosecution.pk,
            statute=statute.pk,
        )
    return charge


def record_hearing(
    user: Any,
    prosecution: Prosecution,
    *,
    held_on: datetime.date | None,
    kind: str,
    note: str = "",
    next_on: datetime.date | None = None,
    channel: str = "web",
) -> Hearing:
    _require_manage(user, prosecution)
    errors: Errors = {}
    _require_open(errors, prosecution)
    if kind not in HearingKind.values:
        add_error(errors, "kind", _("Choose the kind of hearing."))
    _past_date(errors, "held_on", held_on)
    _not_before(
        errors,
        "held_on",
        held_on,
        prosecution.opened_on,
        _("A hearing cannot precede the opening of the prosecution."),
    )
    if held_on is not None and next_on is not None and next_on <= held_on:
        add_error(errors, "next_on", _("The next hearing must come after this one."))
    raise_if_errors(errors)
    assert held_on is not None
    with transaction.atomic():
        hearing = Hearing.objects.create(
            prosecution=prosecution, held_on=held_on, kind=kind, note=note.strip(), next_on=next_on
        )
        if kind in (HearingKind.TRIAL, HearingKind.DELIBERATION) and prosecution.status in (
            ProsecutionStatus.OPEN,
            ProsecutionStatus.BEFORE_JUDGE,
        ):
            prosecution.status = ProsecutionStatus.AT_TRIAL
            prosecution.save(update_fields=["status"])
        record(user, "create", "hearing", hearing.pk, channel=channel, prosecution=prosecution.pk)
    return hearing


def record_verdict(
    user: Any,
    prosecution: Prosecution,
    *,
    charge_id: int | None,
    outcome: str,
    decided_on: datetime.date | None,
    channel: str = "web",
) -> Verdict:
    """The court's decision on one charge of one defendant."""
    _require_manage(user, prosecution)
    errors: Errors = {}
    charge = (
        Charge.objects.filter(pk=charge_id, defendant__prosecution=prosecution)
        .select_related("defendant__suspect")
        .first()
        if charge_id
        else None
    )
    if charge is None:
        add_error(errors, "charge_id", _("Choose a charge of this prosecution."))
    elif Verdict.objects.filter(charge=charge).exists():
        add_error(errors, "charge_id", _("This charge already has a verdict; record an appeal."))
    if outcome not in VerdictOutcome.values:
        add_error(errors, "outcome", _("Choose convicted, acquitted or dismissed."))
    _past_date(errors, "decided_on", decided_on)
    if charge is not None:
        _not_before(
            errors,
            "decided_on",
            decided_on,
            charge.charged_on,
            _("A verdict cannot precede the charge it decides."),
        )
    raise_if_errors(errors)
    assert charge is not None and decided_on is not None
    with transaction.atomic():
        verdict = Verdict.objects.create(charge=charge, outcome=outcome, decided_on=decided_on)
        # Decided once every defendant is charged and every charge has its verdict.
        undecided = (
            Charge.objects.filter(defendant__prosecution=prosecution, verdict__isnull=True).exists()
            or prosecution.defendants.filter(charges__isnull=True).exists()
        )
        if not undecided and prosecution.status not in FINAL_STATUSES:
            prosecution.status = ProsecutionStatus.DECIDED
            prosecution.save(update_fields=["status"])
        record(
            user,
            "create",
            "verdict",
            verdict.pk,
            person_id=charge.defendant.suspect.person_id,
            channel=channel,
            prosecution=prosecution.pk,
            outcome=outcome,
        )
    return verdict


def record_sentence(
    user: Any,
    prosecution: Prosecution,
    *,
    verdict_id: int | None,
    prison_months: int,
    suspended_months: int = 0,
    fine: Any = 0,
    currency: str = "XOF",
    channel: str = "web",
) -> Sentence:
    _require_manage(user, prosecution)
    errors: Errors = {}
    verdict = (
        Verdict.objects.filter(pk=verdict_id, charge__defendant__prosecution=prosecution)
        .select_related("charge__defendant__suspect")
        .first()
        if verdict_id
        else None
    )
    if verdict is None:
        add_error(errors, "verdict_id", _("Choose a verdict of this prosecution."))
    elif verdict.outcome != VerdictOutcome.CONVICTED:
        add_error(errors, "verdict_id", _("A sentence needs a conviction."))
    elif Sentence.objects.filter(verdict=verdict).exists():
        add_error(errors, "verdict_id", _("This verdict already has a sentence."))
    if prison_months < 0:
        add_error(errors, "prison_months", _("Enter a number of months, zero or more."))
    if suspended_months < 0 or suspended_months > max(prison_months, 0):
        add_error(
            errors, "suspended_months", _("The suspended part cannot exceed the prison term.")
        )
    amount = _money(errors, "fine", fine, required=False)
    code = _currency(errors, currency)
    if prison_months == 0 and amount == 0 and "fine" not in errors:
        add_error(errors, "__all__", _("A sentence needs a prison term or a fine."))
    raise_if_errors(errors)
    assert verdict is not None
    with transaction.atomic():
        sentence = Sentence.objects.create(
            verdict=verdict,
            prison_months=prison_months,
            suspended_months=suspended_months,
            fine=amount,
            currency=code,
        )
        record(
            user,
            "create",
            "sentence",
            sentence.pk,
            person_id=verdict.charge.defendant.suspect.person_id,
            channel=channel,
            prosecution=prosecution.pk,
        )
    return sentence


def record_appeal(
    user: Any,
    prosecution: Prosecution,
    *,
    lodged_on: datetime.date | None,
    lodged_by: str,
    outcome: str = AppealOutcome.PENDING,
    decided_on: datetime.date | None = None,
    channel: str = "web",
) -> Appeal:
    _require_manage(user, prosecution)
    errors: Errors = {}
    first_verdict = (
        Verdict.objects.filter(charge__defendant__prosecution=prosecution)
        .order_by("decided_on")
        .first()
    )
    if first_verdict is None:
        add_error(errors, "__all__", _("There is no verdict to appeal yet."))
    _past_date(errors, "lodged_on", lodged_on)
    if first_verdict is not None:
        _not_before(
            errors,
            "lodged_on",
            lodged_on,
            first_verdict.decided_on,
            _("An appeal cannot precede the verdict."),
        )
    if not lodged_by.strip():
        add_error(errors, "lodged_by", _("Say who appealed."))
    if outcome not in AppealOutcome.values:
        add_error(errors, "outcome", _("Unknown outcome."))
    if decided_on is not None and lodged_on is not None and decided_on < lodged_on:
        add_error(errors, "decided_on", _("The appeal cannot be decided before it was lodged."))
    if outcome != AppealOutcome.PENDING and decided_on is None:
        add_error(errors, "decided_on", _("Give the date of the appeal decision."))
    raise_if_errors(errors)
    assert lodged_on is not None
    with transaction.atomic():
        appeal = Appeal.objects.create(
            prosecution=prosecution,
            lodged_on=lodged_on,
            lodged_by=lodged_by.strip(),
            outcome=outcome,
            decided_on=decided_on,
        )
        if outcome == AppealOutcome.PENDING and prosecution.status not in FINAL_STATUSES:
            prosecution.status = ProsecutionStatus.ON_APPEAL
            prosecution.save(update_fields=["status"])
        record(user, "create", "appeal", appeal.pk, channel=channel, prosecution=prosecution.pk)
    return appeal


# --- survivors: compensation, protection ----------------------------------------------------


def _survivor_case(
    user: Any, errors: Errors, prosecution: Prosecution, case_id: int | None
) -> Case | None:
    """A survivor's case linked to this prosecution through the survivor's legal-aid file.

    The prosecutor does not browse cases: the case worker links the file, with the survivor's
    wish to pursue, and only then can the court record compensation or protection for it.
    """
    case = (
        Case.objects.filter(pk=case_id, legal_aid__prosecution=prosecution).first()
        if case_id
        else None
    )
    if case is None:
        add_error(
            errors, "case_id", _("Choose a survivor whose legal-aid file names this prosecution.")
        )
    return case


def award_compensation(
    user: Any,
    prosecution: Prosecution,
    *,
    case_id: int | None,
    amount: Any,
    currency: str = "XOF",
    awarded_on: datetime.date | None,
    paid_on: datetime.date | None = None,
    channel: str = "web",
) -> Compensation:
    _require_manage(user, prosecution)
    errors: Errors = {}
    case = _survivor_case(user, errors, prosecution, case_id)
    value = _money(errors, "amount", amount, required=True)
    code = _currency(errors, currency)
    _past_date(errors, "awarded_on", awarded_on)
    _not_before(
        errors,
        "awarded_on",
        awarded_on,
        prosecution.opened_on,
        _("Compensation cannot be awarded before the prosecution opened."),
    )
    if paid_on is not None and awarded_on is not None and paid_on < awarded_on:
        add_error(errors, "paid_on", _("Compensation cannot be paid before it was awarded."))
    raise_if_errors(errors)
    assert case is not None and awarded_on is not None
    with transaction.atomic():
        compensation = Compensation.objects.create(
            prosecution=prosecution,
            case=case,
            amount=value,
            currency=code,
            awarded_on=awarded_on,
            paid_on=paid_on,
        )
        record(
            user,
            "create",
            "compensation",
            compensation.pk,
            person_id=case.person_id,
            channel=channel,
            prosecution=prosecution.pk,
        )
    return compensation


def add_protection_measure(
    user: Any,
    prosecution: Prosecution,
    *,
    case_id: int | None,
    kind: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None = None,
    channel: str = "web",
) -> ProtectionMeasure:
    _require_manage(user, prosecution)
    errors: Errors = {}
    case = _survivor_case(user, errors, prosecution, case_id)
    if kind not in ProtectionKind.values:
        add_error(errors, "kind", _("Choose the kind of protection."))
    if starts_on is None:
        add_error(errors, "starts_on", _("This field is required."))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        add_error(errors, "ends_on", _("A protection measure cannot end before it starts."))
    raise_if_errors(errors)
    assert case is not None and starts_on is not None
    with transaction.atomic():
        measure = ProtectionMeasure.objects.create(
            prosecution=prosecution, case=case, kind=kind, starts_on=starts_on, ends_on=ends_on
        )
        record(
            user,
            "create",
            "protection_measure",
            measure.pk,
            person_id=case.person_id,
            channel=channel,
            prosecution=prosecution.pk,
        )
    return measure


# --- the survivor's legal-aid file ----------------------------------------------------------


@dataclass
class LegalAidInput:
    needs: str = ""
    wishes_to_pursue: bool | None = None
    lawyer_name: str = ""
    prosecution_reference: str = ""


def save_legal_aid(
    user: Any, case: Case, data: LegalAidInput, *, channel: str = "web"
) -> LegalAidFile:
    """Create or update the survivor's legal-aid file; the case workers of the case own it.

    The case worker links a prosecution by its reference (they cannot browse prosecutions);
    a survivor who does not wish to pursue is never linked to one.
    """
    if not can_edit_case(user, case) or not visible_cases(user).filter(pk=case.pk).exists():
        raise ActionForbidden
    errors: Errors = {}
    reference = data.prosecution_reference.strip()
    prosecution = None
    if reference:
        prosecution = Prosecution.objects.filter(reference__iexact=reference).first()
        if prosecution is None:
            add_error(errors, "prosecution_reference", _("No prosecution has this reference."))
        elif data.wishes_to_pursue is False:
            add_error(
                errors,
                "prosecution_reference",
                _("The survivor does not wish to pursue prosecution: do not link one."),
            )
    if len(data.lawyer_name) > 200:
        add_error(errors, "lawyer_name", _("Keep the lawyer's name under 200 characters."))
    raise_if_errors(errors)
    with transaction.atomic():
        legal_aid, created = LegalAidFile.objects.update_or_create(
            case=case,
            defaults={
                "needs": data.needs.strip(),
                "wishes_to_pursue": data.wishes_to_pursue,
                "lawyer_name": data.lawyer_name.strip(),
                "prosecution": prosecution,
                "updated_by": user,
            },
        )
        record(
            user,
            "create" if created else "update",
            "legal_aid",
            legal_aid.pk,
            person_id=case.person_id,
            channel=channel,
            case=case.pk,
        )
    return legal_aid
