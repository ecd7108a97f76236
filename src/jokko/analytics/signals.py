"""Signal handlers writing `analytics.Change` rows in the same transaction as the write.

Each tracked model maps an instance to the store rows it feeds, as (store table, key) pairs.
`post_save` and `post_delete` run inside the caller's transaction (Django's `Model.save` and
`Collector.delete` are atomic), so the change commits or rolls back with the business write.

What a signal cannot see: `QuerySet.update()`, `bulk_create()`, `bulk_update()` and raw SQL
send no per-row signal. The Jokko write paths that use them on a tracked model call `touched()`
right after, in the same transaction:

* `cases.actions._bump` (every case edit and status change, optimistic locking);
* `dedup.actions._move` (a merge re-points cases, incident persons... to the kept person);
* `htcds.importer` (person fields updated by an HTCDS re-import);
* `demo.seed` (overdue referrals) and `community.demo` (triage times) — demo history.

`people.bulk` bulk-creates persons, who feed no store row until a case points to them (the
case's own save is signalled). Not tracked, so `refresh(full=True)` is needed after them:
an organisation's kind changing (copied into `cases.organisation_kind`), a training topic's code
being renamed, a new gazetteer shipped with an upgrade (region codes), raw SQL fixes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

Target = tuple[str, int]


def _case(instance: Any) -> list[Target]:
    return [("cases", instance.pk)]


def _case_event(instance: Any) -> list[Target]:
    # The status history feeds both the steps table and the case's closed_on.
    return [("case_steps", instance.case_id), ("cases", instance.case_id)]


def _person(instance: Any) -> list[Target]:
    case_model = apps.get_model("cases", "Case")
    ids = case_model.objects.filter(person_id=instance.pk).values_list("pk", flat=True)
    return [("cases", pk) for pk in ids]


def _defendant(instance: Any) -> list[Target]:
    return [("prosecutions", instance.prosecution_id)]


def _charge(instance: Any) -> list[Target]:
    targets: list[Target] = []
    defendant = apps.get_model("prosecutions", "Defendant")
    for prosecution_id in defendant.objects.filter(pk=instance.defendant_id).values_list(
        "prosecution_id", flat=True
    ):
        targets.append(("prosecutions", prosecution_id))
    verdict = apps.get_model("prosecutions", "Verdict")
    for verdict_id in verdict.objects.filter(charge_id=instance.pk).values_list("pk", flat=True):
        targets.append(("verdicts", verdict_id))
    return targets


def _participant(instance: Any) -> list[Target]:
    attendance = apps.get_model("trainings", "Attendance")
    ids = attendance.objects.filter(participant_id=instance.pk).values_list("pk", flat=True)
    return [("attendances", pk) for pk in ids]


def _own(table: str) -> Callable[[Any], list[Target]]:
    return lambda instance: [(table, instance.pk)]


def _parent(table: str, field: str) -> Callable[[Any], list[Target]]:
    return lambda instance: [(table, getattr(instance, field))]


TRACKED: dict[str, Callable[[Any], list[Target]]] = {
    "cases.Case": _case,
    "cases.CaseEvent": _case_event,
    "cases.Referral": _own("referrals"),
    "cases.ServiceDelivery": _own("services"),
    "cases.VoluntaryReturn": _own("returns"),
    "cases.FollowUp": _own("followups"),
    "people.Person": _person,
    "incidents.Incident": _own("incidents"),
    "incidents.IncidentPerson": _parent("incidents", "incident_id"),
    "prosecutions.Prosecution": _own("prosecutions"),
    "prosecutions.Defendant": _defendant,
    "prosecutions.Charge": _charge,
    "prosecutions.Verdict": _own("verdicts"),
    "trainings.TrainingEvent": _own("trainings"),
    "trainings.Participant": _participant,
    "trainings.Attendance": _own("attendances"),
    "community.CommunityReport": _own("reports"),
}
"""Model label -> the store rows an instance of it feeds."""


def record_changes(targets: Iterable[Target], using: str | None = None) -> int:
    """Write one Change per distinct (table, key); call it inside the business transaction."""
    change = apps.get_model("analytics", "Change")
    rows = [change(model=t, object_id=k) for t, k in dict.fromkeys(targets) if k is not None]
    if rows:
        change.objects.using(using).bulk_create(rows)
    return len(rows)


def touched(model: Any, pks: Iterable[int], using: str | None = None) -> int:
    """Record the store rows fed by rows of `model` written behind the signals' back.

    Call it right after a `QuerySet.update()` / `bulk_create()` / `bulk_update()` on a tracked
    model, inside the same transaction; untracked models are ignored, so callers need not know
    which models the store reads.
    """
    mapper = TRACKED.get(model._meta.label)
    ids = list(pks)
    if mapper is None or not ids:
        return 0
    instances = model._base_manager.using(using).filter(pk__in=ids)
    return record_changes((t for instance in instances for t in mapper(instance)), using=using)


def _handler(mapper: Callable[[Any], list[Target]]) -> Callable[..., None]:
    def handle(sender: Any, instance: Any, using: str | None = None, **kwargs: Any) -> None:
        record_changes(mapper(instance), using=using)

    return handle


def connect() -> None:
    """Connect the handlers (called once from AnalyticsConfig.ready)."""
    for label, mapper in TRACKED.items():
        model = apps.get_model(label)
        handler = _handler(mapper)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"analytics:s:{label}")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"analytics:d:{label}")
