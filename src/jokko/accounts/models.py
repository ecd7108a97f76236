"""Who works in a node: organisations in a country, and users with one role each.

A user has exactly one role: least privilege is easier to reason about (and to audit) when
"what can this account do" has one answer. Someone with two jobs gets two accounts.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedTextField


class OrganisationKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    NGO = "ngo", _("NGO")
    POLICE = "police", _("Police unit")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    COURT = "court", _("Court / prosecution")
    MINISTRY = "ministry", _("Ministry / national commission")
    INTERNATIONAL = "international", _("International organisation")
    HEALTH = "health", _("Health facility")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    COMMITTEE = "committee", _("Community vigilance committee")
    EMBASSY = "embassy", _("Embassy / consulate")
    # The national hotline / helpline: its case workers are the operators who triage reports.
    HOTLINE = "hotline", _("Hotline / helpline")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("National coordinator")
    CASE_WORKER = "case_worker", _("Case worker")
    INVESTIGATOR = "investigator", _("Investigator")
    PROSECUTOR = "prosecutor", _("Prosecutor / magistrate")
    ANALYST = "analyst", _("Analyst")
    COMMUNITY_REPORTER = "community_reporter", _("Community reporter")
    NODE_ADMIN = "node_admin", _("Node administrator")
    # Trainings, joint action plans and awareness campaigns; sees no survivor or suspect.
    PROGRAMME_OFFICER = "programme_officer", _("Programme / training officer")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    place_code = models.CharField(_("place"), max_length=64, blank=True)
    # Service providers are the organisations a case can be referred to.
    provides_services = models.JSONField(_("services provided"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The Django admin is the node administrator's console and no one else's: the role
        # decides, so a coordinator can never be made staff by a stray tick box. The admin
        # registers users, organisations, tokens and the (read-only) audit log only; persons
        # and cases are never exposed there.
        if self.is_superuser and not self.role:  # `jokko createsuperuser` asks for no role
            self.role = Role.NODE_ADMIN
        is_admin = self.role == Role.NODE_ADMIN
        self.is_staff = is_admin
        self.is_superuser = is_admin
        super().save(*args, **kwargs)

    @property
    def country(self) -> str:
        return self.organisation.country if self.organisation else ""

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("label"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: User, label: str = "") -> tuple[ApiToken, str]:
        raw = "jk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, label=label, key_hash=_hash_token(raw), prefix=raw[:8]
        )
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.active().select_related("user").filter(key_hash=_hash_token(raw)).first()
        )
        if token is None:
            return None
        try:
            with transaction.atomic():
                cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        except DatabaseError as exc:
            from jokko.ops.storage import storage_fault

            # Bookkeeping only: on a full disk or a read-only database the client may still
            # read, and its write (if any) gets the clear "nothing was saved" answer itself.
            if storage_fault(exc) is None:
                raise
        return token.user


class TotpDevice(models.Model):
    """A user's authenticator app (RFC 6238 TOTP), once they have confirmed a code from it.

    The shared secret is encrypted with the node's field key like survivors' names: a database
    dump alone does not let anyone generate codes. `last_step` is the last 30-second time step
    accepted, so a code seen over someone's shoulder cannot be replayed within its window.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("two-factor device")

    def __str__(self) -> str:
        return f"TOTP ({self.user})"


class RecoveryCode(models.Model):
    """One-time codes for a lost phone. Only a SHA-256 of each is kept: the codes carry 80
    random bits, so a plain hash is as hard to reverse as a slow one and checks stay cheap."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"
