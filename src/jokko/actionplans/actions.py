"""Every change to a joint action plan goes through one of these functions.

Each one checks permission (`ActionForbidden`), validates all input (`ValidationError`, messages
per field), then writes in one transaction with an audit entry. Nothing is written when a check
fails: an activity outside its plan's period or a negative budget would make the timeline and
the completion indicators lie to the partner countries reviewing them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation
from jokko.actionplans.access import can_manage_plan, can_use_plans
from jokko.actionplans.models import (
    Activity,
    ActivityStatus,
    Decision,
    FollowUpStatus,
    Indicator,
    Meeting,
    Outcome,
    Plan,
    PlanStatus,
)
from jokko.audit.actions import record
from jokko.gazetteer.places import COUNTRIES
from jokko.validation import Errors, add_error, raise_if_errors

MAX_DECIMAL = Decimal("99999999999999")


def _required_text(errors: Errors, name: str, value: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        add_error(errors, name, _("This field is required."))
    elif len(text) > max_length:
        add_error(errors, name, _("At most %(n)d characters, please.") % {"n": max_length})
    return text


def _period(
    errors: Errors,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    *,
    start_name: str = "starts_on",
    end_name: str = "ends_on",
) -> None:
    if starts_on is None:
        add_error(errors, start_name, _("Enter a valid start date."))
    if ends_on is None:
        add_error(errors, end_name, _("Enter a valid end date."))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        add_error(errors, end_name, _("The end date must not be before the start date."))


def countries_from(errors: Errors, name: str, codes: list[str], *, minimum: int) -> str:
    """Validated, de-duplicated, sorted country codes joined by commas."""
    cleaned = sorted({(code or "").strip().upper() for code in codes if (code or "").strip()})
    unknown = [code for code in cleaned if code not in COUNTRIES]
    if unknown:
        add_error(
            errors, name, _("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    elif len(cleaned) < minimum:
        add_error(
            errors,
            name,
            _("A joint plan needs at least %(n)d different countries.") % {"n": minimum},
        )
    return ",".join(cleaned)


def decimal_from(
    errors: Errors, name: str, value: Any, *, required: bool, label: str = ""
) -> Decimal | None:
    """A finite, non-negative number, or None when optional and empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            add_error(errors, name, _("Enter a number."))
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        add_error(errors, name, _("Enter a number."))
        return None
    if not number.is_finite() or abs(number) > MAX_DECIMAL:
        add_error(errors, name, _("Enter a number."))
        return None
    if number < 0:
        add_error(errors, name, _("The number must not be negative."))
        return None
    return number.quantize(Decimal("0.01"))


def _currency(errors: Errors, value: str) -> str:
    code = (value or "XOF").strip().upper()
    if len(code) != 3 or not code.isalpha():
        add_error(
            errors, "budget_currency", _("Give the currency as a three-letter code (e.g. XOF).")
        )
    return code


# --- plans -----------------------------------------------------------------------------------


@dataclass
class PlanInput:
    title: str
    countries: list[str]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    status: str = PlanStatus.ACTIVE
    description: str = ""
    reference: str = ""
    outcomes: list[str] = field(default_factory=list)


def create_plan(user: Any, data: PlanInput, *, channel: str = "web") -> Plan:
    """A plan between this node's country and at least one partner country."""
    if not can_use_plans(user):
        raise ActionForbidden
    errors: Errors = {}
    title = _required_text(errors, "title", data.title, 300)
    countries = countries_from(errors, "countries", data.countries, minimum=2)
    if (
        countries
        and settings.NODE_COUNTRY not in countries.split(",")
        and "countries" not in errors
    ):
        add_error(
            errors,
            "countries",
            _("This node's country (%(country)s) must be one of the plan's countries.")
            % {"country": settings.NODE_COUNTRY},
        )
    _period(errors, data.starts_on, data.ends_on)
    if data.status not in PlanStatus.values:
        add_error(errors, "status", _("Unknown status."))
    reference = (data.reference or "").strip()
    if len(reference) > 40:
        add_error(errors, "reference", _("At most %(n)d characters, please.") % {"n": 40})
    elif reference and Plan.objects.filter(reference=reference).exists():
        add_error(errors, "reference", _("This reference is already used."))
    outcomes = [o.strip() for o in data.outcomes if o and o.strip()]
    if any(len(o) > 300 for o in outcomes):
        add_error(errors, "outcomes", _("At most %(n)d characters, please.") % {"n": 300})
    raise_if_errors(errors)
    assert data.starts_on is not None and data.ends_on is not None
    with transaction.atomic():
        plan = Plan.objects.create(
            reference=reference or f"tmp-{timezone.now().timestamp()}",
            title=title,
            countries=countries,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            status=data.status,
            description=(data.description or "").strip(),
            created_by=user,
        )
        if not reference:
            plan.reference = (
                f"PAC-{countries.replace(',', '-')}-{data.starts_on.year}-{plan.pk:03d}"
            )
            plan.save(update_fields=["reference"])
        for position, outcome in enumerate(outcomes, start=1):
            Outcome.objects.create(plan=plan, title=outcome, position=position)
        record(user, "create", "action_plan", plan.pk, channel=channel, countries=countries)
    return plan


def _require_manage(user: Any, plan: Plan) -> None:
    if not can_manage_plan(user, plan):
        raise ActionForbidden


def update_plan_status(user: Any, plan: Plan, *, status: str, channel: str = "web") -> Plan:
    """Activate, suspend or close a plan; closing it leaves its activities as they are."""
    _require_manage(user, plan)
    errors: Errors = {}
    if status not in PlanStatus.values:
        add_error(errors, "status", _("Unknown status."))
    raise_if_errors(errors)
    with transaction.atomic():
        plan.status = status
        plan.save(update_fields=["status"])
        record(user, "update", "action_plan", plan.pk, channel=channel, status=status)
    return plan


def add_outcome(user: Any, plan: Plan, *, title: str, channel: str = "web") -> Outcome:
    _require_manage(user, plan)
    errors: Errors = {}
    text = _required_text(errors, "title", title, 300)
    raise_if_errors(errors)
    with transaction.atomic():
        position = plan.outcomes.count() + 1
        outcome = Outcome.objects.create(plan=plan, title=text, position=position)
        record(user, "create", "plan_outcome", outcome.pk, channel=channel, plan=plan.pk)
    return outcome


# --- activities ------------------------------------------------------------------------------


@dataclass
class ActivityInput:
    outcome_id: int | None
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    organisation_ids: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    responsible_note: str = ""
    budget_amount: Any = None
    budget_currency: str = "XOF"
    status: str = ActivityStatus.PLANNED
    completed_on: datetime.date | None = None


def _status_dates(
    errors: Errors,
    status: str,
    completed_on: datetime.date | None,
    starts_on: datetime.date | None,
) -> datetime.date | None:
    """`completed_on` belongs to done activities only, and cannot be in the future."""
    if status not in ActivityStatus.values:
        add_error(errors, "status", _("Unknown status."))
        return None
    if status != ActivityStatus.DONE:
        return None
    done_on = completed_on or timezone.localdate()
    if done_on > timezone.localdate():
        add_error(errors, "completed_on", _("This date is in the future."))
    elif starts_on is not None and done_on < starts_on:
        add_error(errors, "completed_on", _("An activity cannot be completed before it starts."))
    return done_on


def add_activity(user: Any, plan: Plan, data: ActivityInput, *, channel: str = "web") -> Activity:
    _require_manage(user, plan)
    errors: Errors = {}
    outcome = plan.outcomes.filter(pk=data.outcome_id).first() if data.outcome_id else None
    if outcome is None:
        add_error(errors, "outcome_id", _("Choose an outcome of this plan."))
    title = _required_text(errors, "title", data.title, 300)
    _period(errors, data.starts_on, data.ends_on)
    if data.starts_on is not None and data.starts_on < plan.starts_on:
        add_error(
            errors,
            "starts_on",
            _("The activity must start within the plan's period (%(start)s to %(end)s).")
            % {"start": plan.starts_on, "end": plan.ends_on},
        )
    if data.ends_on is not None and data.ends_on > plan.ends_on:
        add_error(
            errors,
            "ends_on",
            _("The activity must end within the plan's period (%(start)s to %(end)s).")
            % {"start": plan.starts_on, "end": plan.ends_on},
        )
    organisation_ids = list(dict.fromkeys(data.organisation_ids))
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids))
    if len(organisations) != len(organisation_ids):
        add_error(errors, "organisation_ids", _("Unknown organisation."))
    countries = countries_from(errors, "countries", data.countries, minimum=0)
    plan_countries = set(plan.country_list)
    outside = [c for c in countries.split(",") if c and c not in plan_countries]
    if outside and "countries" not in errors:
        add_error(
            errors,
            "countries",
            _("Responsible countries must be countries of the plan: %(codes)s.")
            % {"codes": ", ".join(plan.country_list)},
        )
    note = (data.responsible_note or "").strip()
    if len(note) > 300:
        add_error(errors, "responsible_note", _("At most %(n)d characters, please.") % {"n": 300})
    if not organisations and not countries and not note:
        add_error(errors, "responsible", _("Name at least one responsible party."))
    budget = decimal_from(errors, "budget_amount", data.budget_amount, required=False)
    currency = _currency(errors, data.budget_currency)
    completed_on = _status_dates(errors, data.status, data.completed_on, data.starts_on)
    raise_if_errors(errors)
    assert outcome is not None and data.starts_on is not None and data.ends_on is not None
    with transaction.atomic():
        activity = Activity.objects.create(
            plan=plan,
            outcome=outcome,
            title=title,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            responsible_countries=countries,
            responsible_note=note,
            budget_amount=budget or Decimal(0),
            budget_currency=currency,
            status=data.status,
            completed_on=completed_on,
        )
        activity.responsible_organisations.set(organisations)
        record(user, "create", "plan_activity", activity.pk, channel=channel, plan=plan.pk)
    return activity


def update_activity_status(
    user: Any,
    activity: Activity,
    *,
    status: str,
    completed_on: datetime.date | None = None,
    spent_amount: Any = None,
    channel: str = "web",
) -> Activity:
    """Move an activity along; `done` records when (today unless said otherwise)."""
    _require_manage(user, activity.plan)
    errors: Errors = {}
    done_on = _status_dates(errors, status, completed_on, activity.starts_on)
    spent = decimal_from(errors, "spent_amount", spent_amount, required=False)
    raise_if_errors(errors)
    with transaction.atomic():
        activity.status = status
        activity.completed_on = done_on
        fields = ["status", "completed_on"]
        if spent is not None:
            activity.spent_amount = spent
            fields.append("spent_amount")
        activity.save(update_fields=fields)
        record(
            user,
            "update",
            "plan_activity",
            activity.pk,
            channel=channel,
            plan=activity.plan_id,
            status=status,
        )
    return activity


# --- indicators ------------------------------------------------------------------------------


def add_indicator(
    user: Any,
    plan: Plan,
    *,
    name: str,
    unit: str = "",
    baseline: Any = 0,
    target: Any = None,
    actual: Any = None,
    channel: str = "web",
) -> Indicator:
    _require_manage(user, plan)
    errors: Errors = {}
    text = _required_text(errors, "name", name, 300)
    unit_text = (unit or "").strip()[:60]
    baseline_value = decimal_from(errors, "baseline", baseline, required=False) or Decimal(0)
    target_value = decimal_from(errors, "target", target, required=True)
    actual_value = decimal_from(errors, "actual", actual, required=False)
    if target_value is not None and "baseline" not in errors and target_value == baseline_value:
        add_error(errors, "target", _("The target must differ from the baseline."))
    raise_if_errors(errors)
    assert target_value is not None
    with transaction.atomic():
        indicator = Indicator.objects.create(
            plan=plan,
            name=text,
            unit=unit_text,
            baseline=baseline_value,
            target=target_value,
            actual=actual_value,
            measured_on=timezone.localdate() if actual_value is not None else None,
        )
        record(user, "create", "plan_indicator", indicator.pk, channel=channel, plan=plan.pk)
    return indicator


def update_indicator(
    user: Any,
    indicator: Indicator,
    *,
    actual: Any,
    measured_on: datetime.date | None = None,
    channel: str = "web",
) -> Indicator:
    """Record the latest measured value of an indicator."""
    _require_manage(user, indicator.plan)
    errors: Errors = {}
    value = decimal_from(errors, "actual", actual, required=True)
    on = measured_on or timezone.localdate()
    if on > timezone.localdate():
        add_error(errors, "measured_on", _("This date is in the future."))
    raise_if_errors(errors)
    with transaction.atomic():
        indicator.actual = value
        indicator.measured_on = on
        indicator.save(update_fields=["actual", "measured_on"])
        record(
            user,
            "update",
            "plan_indicator",
            indicator.pk,
            channel=channel,
            plan=indicator.plan_id,
            actual=str(value),
        )
    return indicator


# --- meetings and follow-up actions ----------------------------------------------------------


@dataclass
class DecisionInput:
    text: str
    responsible: str
    due_on: datetime.date | None


@dataclass
class MeetingInput:
    held_on: datetime.date | None
    place: str
    participants: str
    minutes: str = ""
    decisions: list[DecisionInput] = field(default_factory=list)


def record_meeting(user: Any, plan: Plan, data: MeetingInput, *, channel: str = "web") -> Meeting:
    """A review meeting; each decision becomes a follow-up action with a responsible and a date."""
    _require_manage(user, plan)
    errors: Errors = {}
    if data.held_on is None:
        add_error(errors, "held_on", _("Enter a valid date."))
    elif data.held_on > timezone.localdate():
        add_error(errors, "held_on", _("A meeting is recorded once it has taken place."))
    place = _required_text(errors, "place", data.place, 200)
    participants = _required_text(errors, "participants", data.participants, 5000)
    decisions: list[DecisionInput] = []
    for number, decision in enumerate(data.decisions, start=1):
        text = (decision.text or "").strip()
        responsible = (decision.responsible or "").strip()
        if not text and not responsible and decision.due_on is None:
            continue  # an empty row of the form
        label = {"n": number}
        if not text:
            add_error(
                errors, f"decision_{number}", _("Decision %(n)d: say what was decided.") % label
            )
        if not responsible:
            add_error(
                errors, f"decision_{number}", _("Decision %(n)d: name who is responsible.") % label
            )
        elif len(responsible) > 200:
            add_error(errors, f"decision_{number}", _("Decision %(n)d: name too long.") % label)
        if decision.due_on is None:
            add_error(errors, f"decision_{number}", _("Decision %(n)d: give a due date.") % label)
        elif data.held_on is not None and decision.due_on < data.held_on:
            add_error(
                errors,
                f"decision_{number}",
                _("Decision %(n)d: the due date cannot precede the meeting.") % label,
            )
        decisions.append(DecisionInput(text, responsible, decision.due_on))
    raise_if_errors(errors)
    assert data.held_on is not None
    with transaction.atomic():
        meeting = Meeting.objects.create(
            plan=plan,
            held_on=data.held_on,
            place=place,
            participants=participants,
            minutes=(data.minutes or "").strip(),
            created_by=user,
        )
        for decision in decisions:
            assert decision.due_on is not None
            Decision.objects.create(
                meeting=meeting,
                text=decision.text,
                responsible=decision.responsible,
                due_on=decision.due_on,
            )
        record(
            user,
            "create",
            "plan_meeting",
            meeting.pk,
            channel=channel,
            plan=plan.pk,
            decisions=len(decisions),
        )
    return meeting


def update_decision(
    user: Any,
    decision: Decision,
    *,
    status: str,
    done_on: datetime.date | None = None,
    channel: str = "web",
) -> Decision:
    _require_manage(user, decision.meeting.plan)
    errors: Errors = {}
    if status not in FollowUpStatus.values:
        add_error(errors, "status", _("Unknown status."))
    on = None
    if status == FollowUpStatus.DONE:
        on = done_on or timezone.localdate()
        if on > timezone.localdate():
            add_error(errors, "done_on", _("This date is in the future."))
    raise_if_errors(errors)
    with transaction.atomic():
        decision.status = status
        decision.done_on = on
        decision.save(update_fields=["status", "done_on"])
        record(user, "update", "plan_decision", decision.pk, channel=channel, status=status)
    return decision
