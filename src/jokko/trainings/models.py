"""Trainings: a topic catalogue, training events, participants (one person across events),
attendances with pre/post test scores and certificates, and uploaded attendance sheets.

Why a participant is a separate record from `people.Person`: trainees are officers, magistrates
and social workers attending a workshop in their professional capacity, not survivors or
suspects. Their names are not encrypted or blind-indexed like a survivor's; they are kept in
clear so that a training officer can print certificates and a list of attendees, and matched
with `jokko.names.exact_key` so "DIALLO Mamadou" and "Mamadou Diallo" are one person.

The training-of-trainers cascade is not stored: it follows from who trained whom
(`jokko.trainings.cascade`), so it can never disagree with the attendance lists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TrainingTopic(models.Model):
    """One entry of the topic catalogue (`topics.json`, loaded by a data migration).

    Never deleted (events point at it): a topic no longer offered is deactivated.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the current request (English when unknown)."""
        language = (translation.get_language() or "en")[:2]
        return {"fr": self.name_fr, "ar": self.name_ar}.get(language) or self.name_en


class Audience(models.TextChoices):
    POLICE = "police", _("Police")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    MAGISTRATES = "magistrates", _("Magistrates")
    LABOUR_INSPECTORS = "labour_inspectors", _("Labour inspectors")
    SOCIAL_WORKERS = "social_workers", _("Social workers")
    BORDER_OFFICIALS = "border_officials", _("Border and immigration officials")
    COMMUNITY = "community", _("Community members")
    MIXED = "mixed", _("Mixed audience")


class TrainingEvent(models.Model):
    # "FOR-SN-2026-0001": formation, country of the node, year of the start, sequence.
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    topic = models.ForeignKey(
        TrainingTopic, on_delete=models.PROTECT, related_name="events", verbose_name=_("topic")
    )
    audience = models.CharField(_("audience"), max_length=24, choices=Audience.choices)
    country = models.CharField(_("country"), max_length=2)
    place_code = models.CharField(_("place"), max_length=64)
    start_on = models.DateField(_("first day"))
    end_on = models.DateField(_("last day"))
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("organiser"),
    )
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    is_training_of_trainers = models.BooleanField(_("training of trainers"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not stated")


class Participant(models.Model):
    """One person across every training they attend, as trainee or as trainer.

    Identity (see `jokko.trainings.matching`): the same normalised name (`name_key`) and either
    the same phone or e-mail, or — when neither sheet gives a contact to compare — the same
    agency and country. Names alone are not enough (two "Mamadou Diallo" in one country are
    common); agency is what an attendance sheet always has, and a contact, when present,
    follows a person who changed agency.
    """

    full_name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    agency = models.CharField(_("agency"), max_length=200)
    agency_key = models.CharField(max_length=200, editable=False)
    position = models.CharField(_("role / position"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["name_key", "country"], name="participant_identity")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.agency})"


class AttendanceRole(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    TRAINER = "trainer", _("Trainer")


class Attendance(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendances"
    )
    role = models.CharField(
        _("role"), max_length=8, choices=AttendanceRole.choices, default=AttendanceRole.TRAINEE
    )
    pre_score = models.PositiveSmallIntegerField(_("pre-test score"), null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(_("post-test score"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    # Issued to a trainee who completed the training; unguessable so that the public
    # verification page cannot be used to enumerate who attended what.
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "role", "participant__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(pre_score__isnull=True) | models.Q(pre_score__lte=100),
                name="attendance_pre_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(post_score__isnull=True) | models.Q(post_score__lte=100),
                name="attendance_post_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.event.reference}"


class AttendanceSheet(models.Model):
    """An uploaded attendance sheet, kept between its preview and its confirmation.

    The confirmation re-reads these very bytes, so what is imported is exactly what was
    previewed, and the sheet's SHA-256 tells the officer they are uploading one already imported.
    """

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="sheets")
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
