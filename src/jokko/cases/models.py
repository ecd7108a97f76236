"""Records of the national referral mechanism.

One `Case` per survivor per episode of assistance; its steps (screening, consent, needs,
plan, referrals, services, return, follow-ups) are separate records so each keeps its own date,
author and history. Taxonomy fields store codes from `jokko.taxonomy` vocabularies (aligned with
the Human Trafficking Case Data Standard), validated by the actions that write them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jokko.cases.workflow import CaseStatus, FollowUpStatus, ReferralStatus, ReturnStatus
from jokko.people.fields import EncryptedTextField
from jokko.people.models import CODE_MAX_LENGTH


class ConsentScope(models.TextChoices):
    REFERRAL = "referral", _("Referral to service providers")
    LAW_ENFORCEMENT = "law_enforcement", _("Sharing with police and justice")
    EMBASSY = "embassy", _("Contact with embassy / consulate")
    RETURN = "return", _("Assisted voluntary return")
    CROSS_BORDER = "cross_border", _("Sharing with another country's authorities")
    STATISTICS = "statistics", _("Anonymised statistics")


class ScreeningOutcome(models.TextChoices):
    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim of trafficking")
    SMUGGLED_MIGRANT = "smuggled_migrant", _("Smuggled migrant (not a trafficking victim)")
    BOTH = "both", _("Smuggled migrant and victim of trafficking")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim")
    UNDETERMINED = "undetermined", _("Undetermined")


class EmbassyStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    TO_CONTACT = "to_contact", _("To contact")
    CONTACTED = "contacted", _("Contacted")
    CLEARED = "cleared", _("Identity confirmed, documents issued")


class Case(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.IDENTIFIED
    )
    case_type = models.CharField(_("case type"), max_length=CODE_MAX_LENGTH)
    identification_source = models.CharField(_("identified by"), max_length=CODE_MAX_LENGTH)
    identified_on = models.DateField(_("identified on"))
    place_code = models.CharField(_("place of identification"), max_length=64)
    origin_code = models.CharField(_("origin"), max_length=64, blank=True)
    transit_codes = models.JSONField(_("transit"), default=list, blank=True)
    destination_code = models.CharField(_("destination"), max_length=64, blank=True)
    exploitation_types = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruiter_relation = models.CharField(
        _("relation to recruiter"), max_length=CODE_MAX_LENGTH, blank=True
    )
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    closure_reason = models.CharField(_("reason for closure"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-identified_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="case_org_status_idx")]

    def __str__(self) -> str:
        return self.reference


class CaseEvent(models.Model):
    """The status history of a case: who moved it, when, from what, to what, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Screening(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    screened_on = models.DateField(_("screened on"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    outcome = models.CharField(_("outcome"), max_length=24, choices=ScreeningOutcome.choices)
    indicators = models.JSONField(_("indicators observed"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ["screened_on", "id"]


class Consent(models.Model):
    """What the survivor agreed to share, with whom; withdrawable at any time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("given on"))
    scopes = models.JSONField(_("agreed to"), default=list)
    recipients = models.CharField(_("with whom"), max_length=300, blank=True)
    form = models.CharField(_("form"), max_length=16, default="written")
    language = models.CharField(_("language of explanation"), max_length=32, blank=True)
    given_by_guardian = models.BooleanField(_("given by a guardian (minor)"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)

    class Meta:
        ordering = ["given_on", "id"]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class NeedsAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    needs = models.JSONField(_("needs"), default=list)
    urgent = models.BooleanField(_("urgent"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ["assessed_on", "id"]


class CasePlan(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    agreed_on = models.DateField(_("agreed on"))
    review_on = models.DateField(_("review on"), null=True, blank=True)
    goals = EncryptedTextField(_("goals"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["agreed_on", "id"]


class Referral(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    service_type = models.CharField(_("service"), max_length=CODE_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    due_on = models.DateField(_("answer due on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.CharField(_("response"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class ServiceDelivery(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="services"
    )
    service_type = models.CharField(_("service"), max_length=CODE_MAX_LENGTH)
    delivered_on = models.DateField(_("delivered on"))
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    notes = EncryptedTextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ["delivered_on", "id"]


class VoluntaryReturn(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="voluntary_return")
    destination_country = models.CharField(_("destination country"), max_length=2)
    destination_place_code = models.CharField(_("destination town"), max_length=64, blank=True)
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner (e.g. IOM)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    embassy_status = models.CharField(
        _("embassy coordination"),
        max_length=16,
        choices=EmbassyStatus.choices,
        default=EmbassyStatus.TO_CONTACT,
    )
    embassy_contacted_on = models.DateField(_("embassy contacted on"), null=True, blank=True)
    travel_date = models.DateField(_("travel date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.PLANNED
    )
    updated_at = models.DateTimeField(auto_now=True)


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=CODE_MAX_LENGTH)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True, default="")
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["due_on", "id"]


class CaseShare(models.Model):
    """An explicit decision to show a case to a police, gendarmerie or court organisation.

    Investigators and magistrates see a survivor's identity only through an active share with
    `include_identity`, which needs the survivor's consent to law-enforcement sharing or a
    recorded legal basis (e.g. a judge's order).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    include_identity = models.BooleanField(_("include identity"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    shared_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
