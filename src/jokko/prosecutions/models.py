"""Prosecutions: charges under the national statutes, hearings, verdicts, sentences, remedies.

The chain is deliberately fine-grained because the questions the issue asks ("how many cases
reach a verdict, how long it takes, why they fail") are answered per defendant per charge: one
prosecution can convict one defendant of trafficking and acquit another of smuggling.

The survivor's legal-aid file lives with the survivor's case (OneToOne `cases.Case`), not with
the prosecution: case workers own it, and a survivor may want a lawyer long before anyone is
charged, or never want to testify at all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jokko.incidents.models import Offence


class Statute(models.Model):
    """One article of a national law that defines or punishes TIP or SOM.

    Loaded from `statutes.json` and editable in the admin. Never deleted (charges point at it):
    a repealed law is deactivated, so old charges keep their reference and new ones cannot use it.
    """

    country = models.CharField(_("country"), max_length=2)
    law = models.CharField(_("law"), max_length=300)
    article = models.CharField(_("article"), max_length=40, blank=True)
    offence = models.CharField(_("offence"), max_length=8, choices=Offence.choices)
    title = models.CharField(_("title"), max_length=300)
    penalty_min_years = models.PositiveSmallIntegerField(
        _("minimum penalty (years)"), null=True, blank=True
    )
    penalty_max_years = models.PositiveSmallIntegerField(
        _("maximum penalty (years)"), null=True, blank=True
    )
    verified = models.BooleanField(_("verified against the published law"), default=False)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country", "law", "article", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "law", "article", "offence"], name="statute_unique"
            )
        ]

    def __str__(self) -> str:
        article = self.article or str(_("article not verified"))
        return f"{self.country} · {self.law} · {article}"


class ProsecutionStatus(models.TextChoices):
    OPEN = "open", _("Open (investigation by the prosecutor)")
    BEFORE_JUDGE = "before_judge", _("Before the investigating judge")
    AT_TRIAL = "at_trial", _("At trial")
    DECIDED = "decided", pgettext_lazy("prosecution status", "Decided")
    ON_APPEAL = "on_appeal", _("On appeal")
    CLOSED = "closed", _("Closed")
    DROPPED = "dropped", _("Dropped (classement sans suite)")


class StopReason(models.TextChoices):
    """Why a prosecution stopped before a verdict: the attrition the indicators count."""

    NONE = "", _("Not stopped")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
    WITNESS_WITHDREW = "witness_withdrew", _("Victim or witness withdrew")
    SUSPECT_ABSCONDED = "suspect_absconded", _("Suspect absconded")
    SETTLED = "settled", _("Settled between the parties")
    REQUALIFIED = "requalified", _("Requalified as another offence")
    OTHER = "other", _("Other")


class Prosecution(models.Model):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    court = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="prosecutions",
        verbose_name=_("court"),
    )
    prosecutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="prosecutions",
        verbose_name=_("prosecutor"),
    )
    investigation = models.ForeignKey(
        "investigations.Investigation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prosecutions",
        verbose_name=_("investigation"),
    )
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProsecutionStatus.choices,
        default=ProsecutionStatus.OPEN,
    )
    stop_reason = models.CharField(
        _("reason stopped"), max_length=24, choices=StopReason.choices, blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class Defendant(models.Model):
    prosecution = models.ForeignKey(
        Prosecution, on_delete=models.CASCADE, related_name="defendants"
    )
    suspect = models.ForeignKey(
        "incidents.Suspect", on_delete=models.PROTECT, related_name="defendancies"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["prosecution", "suspect"], name="defendant_unique")
        ]

    def __str__(self) -> str:
        return str(self.suspect)


class Charge(models.Model):
    defendant = models.ForeignKey(Defendant, on_delete=models.CASCADE, related_name="charges")
    statute = models.ForeignKey(Statute, on_delete=models.PROTECT, related_name="charges")
    # The offence charged: a statute may cover one offence only, checked by the action.
    offence = models.CharField(_("offence"), max_length=8, choices=Offence.choices)
    charged_on = models.DateField(_("charged on"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.defendant} · {self.statute.article or self.statute.law}"


class HearingKind(models.TextChoices):
    FIRST_APPEARANCE = "first_appearance", _("First appearance")
    INVESTIGATING_JUDGE = "investigating_judge", _("Before the investigating judge")
    TRIAL = "trial", _("Trial hearing")
    DELIBERATION = "deliberation", _("Deliberation / judgment")
    APPEAL = "appeal", _("Appeal hearing")


class Hearing(models.Model):
    prosecution = models.ForeignKey(Prosecution, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=HearingKind.choices)
    note = models.TextField(_("note"), blank=True)
    next_on = models.DateField(_("adjourned to"), null=True, blank=True)

    class Meta:
        ordering = ["held_on", "id"]


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")


class Verdict(models.Model):
    charge = models.OneToOneField(Charge, on_delete=models.CASCADE, related_name="verdict")
    outcome = models.CharField(_("outcome"), max_length=16, choices=VerdictOutcome.choices)
    decided_on = models.DateField(_("decided on"))

    class Meta:
        ordering = ["decided_on", "id"]


class Sentence(models.Model):
    verdict = models.OneToOneField(Verdict, on_delete=models.CASCADE, related_name="sentence")
    prison_months = models.PositiveIntegerField(_("prison (months)"), default=0)
    suspended_months = models.PositiveIntegerField(_("of which suspended (months)"), default=0)
    fine = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, default="XOF")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Judgment upheld")
    REVERSED = "reversed", _("Judgment reversed")
    MODIFIED = "modified", _("Sentence modified")
    WITHDRAWN = "withdrawn", _("Appeal withdrawn")


class Appeal(models.Model):
    prosecution = models.ForeignKey(Prosecution, on_delete=models.CASCADE, related_name="appeals")
    lodged_on = models.DateField(_("lodged on"))
    lodged_by = models.CharField(_("lodged by"), max_length=120)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)


class Compensation(models.Model):
    prosecution = models.ForeignKey(
        Prosecution, on_delete=models.CASCADE, related_name="compensations"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="XOF")
    awarded_on = models.DateField(_("awarded on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)


class ProtectionKind(models.TextChoices):
    ANONYMITY = "anonymity", _("Anonymous testimony")
    CLOSED_HEARING = "closed_hearing", _("Hearing in camera")
    VIDEO_LINK = "video_link", _("Testimony by video link")
    SAFE_HOUSING = "safe_housing", _("Safe housing")
    NO_CONTACT = "no_contact", _("No-contact order")
    ESCORT = "escort", _("Police escort")


class ProtectionMeasure(models.Model):
    prosecution = models.ForeignKey(
        Prosecution, on_delete=models.CASCADE, related_name="protection_measures"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ProtectionKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)


class LegalAidFile(models.Model):
    """The survivor's own file: what they need from justice, and whether they want it at all."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="legal_aid")
    needs = models.TextField(_("legal needs"), blank=True)
    wishes_to_pursue = models.BooleanField(_("wishes to pursue prosecution"), null=True)
    lawyer_name = models.CharField(_("lawyer"), max_length=200, blank=True)
    prosecution = models.ForeignKey(
        Prosecution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_aid_files",
        verbose_name=_("prosecution"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
