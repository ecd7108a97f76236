"""Joint action plans shared by two or more countries (e.g. the Senegal-Mauritania plan).

A plan is what partner countries agreed to do together: outcomes, activities with a timeline,
responsible parties and a budget, indicators with baseline/target/actual, and the meetings where
they review progress. Decisions taken at a meeting are follow-up actions with a due date, so
they show up in the overdue list next to late activities instead of staying buried in minutes.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def split_countries(value: str) -> list[str]:
    return [code for code in value.split(",") if code]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ACTIVE = "active", pgettext_lazy("plan status", "Active")
    COMPLETED = "completed", pgettext_lazy("plan status", "Completed")
    SUSPENDED = "suspended", pgettext_lazy("plan status", "Suspended")


class Plan(models.Model):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    # Sorted ISO 3166-1 alpha-2 codes joined by commas ("MR,SN"): a two-letter code can only
    # match itself in such a string, so `countries__contains` filters portably.
    countries = models.CharField(_("countries"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"

    @property
    def country_list(self) -> list[str]:
        return split_countries(self.countries)


class Outcome(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(_("outcome"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("activity status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("activity status", "In progress")
    DONE = "done", pgettext_lazy("activity status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")
    DELAYED = "delayed", pgettext_lazy("activity status", "Delayed")


# An activity in one of these states is finished: it can no longer be overdue.
CLOSED_ACTIVITY_STATUSES = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    responsible_organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="plan_activities",
        verbose_name=_("responsible organisations"),
    )
    responsible_countries = models.CharField(_("responsible countries"), max_length=120, blank=True)
    # Parties that have no organisation record on this node (UNODC, "Local NGOs"...).
    responsible_note = models.CharField(_("other responsible parties"), max_length=300, blank=True)
    budget_amount = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, default=0)
    budget_currency = models.CharField(_("currency"), max_length=3, default="XOF")
    spent_amount = models.DecimalField(_("spent"), max_digits=16, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def responsible_country_list(self) -> list[str]:
        return split_countries(self.responsible_countries)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.ends_on < today and self.status not in CLOSED_ACTIVITY_STATUSES


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(_("measured on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    participants = models.TextField(_("participants"))
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} · {self.place}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up status", "Open")
    DONE = "done", pgettext_lazy("follow-up status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("follow-up status", "Cancelled")


class Decision(models.Model):
    """A decision taken at a meeting: a follow-up action someone must carry out by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on < today and self.status == FollowUpStatus.OPEN
