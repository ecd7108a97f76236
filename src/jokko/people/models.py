"""A person is one human in one or more roles, with every identifying field encrypted.

Search never reads ciphertexts: each name carries a blind index of its exact key, and
`PersonNameKey` rows hold blind indexes of the fuzzy keys (normalised and phonetic tokens) that
`jokko.names.name_keys` derives. A database dump therefore shows which rows share a key, never
what the key spells.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedBinaryField, EncryptedTextField

# Room for any taxonomy code (the longest today is 34 characters, e.g.
# "labour_exploitation_rehabilitation"); tests/taxonomy checks every vocabulary fits.
CODE_MAX_LENGTH = 64


class PersonRole(models.TextChoices):
    SURVIVOR = "survivor", _("Survivor / victim")
    SUSPECT = "suspect", _("Suspect / perpetrator")
    WITNESS = "witness", _("Witness")
    SMUGGLED_MIGRANT = "smuggled_migrant", _("Smuggled migrant")
    RECRUITER = "recruiter", _("Recruiter")


class BirthDatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    YEAR = "year", _("Year only")
    APPROXIMATE = "approximate", _("Approximate (estimated age)")


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("Name")
    ALIAS = "alias", _("Alias / other spelling")


class Script(models.TextChoices):
    LATIN = "latin", _("Latin")
    ARABIC = "arabic", _("Arabic")


class Person(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set by a client (form or API) so that a retried submission finds the first one.
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    # Comma-wrapped role codes (",survivor,witness,"): a portable "has role" filter on SQLite
    # and PostgreSQL alike (`roles__contains=",suspect,"`), without a join table.
    roles = models.CharField(_("roles"), max_length=120, default="", blank=True)
    sex = models.CharField(_("sex"), max_length=CODE_MAX_LENGTH, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_precision = models.CharField(
        _("precision of birth date"),
        max_length=16,
        choices=BirthDatePrecision.choices,
        default=BirthDatePrecision.YEAR,
    )
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    photo = EncryptedBinaryField(_("photo"), null=True, blank=True)
    photo_content_type = models.CharField(max_length=32, blank=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=16, db_index=True)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit carries the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    # Set when a reviewer found this record to be the same human as another one (`jokko.dedup`):
    # every record that pointed here moved to `merged_into`; this row stays, empty, so old links
    # and audit entries naming its id still resolve (its page redirects to the kept person).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="absorbed_persons",
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def role_list(self) -> list[str]:
        return [code for code in self.roles.split(",") if code]

    @staticmethod
    def encode_roles(codes: list[str]) -> str:
        return "," + ",".join(dict.fromkeys(codes)) + "," if codes else ""

    @property
    def primary_name(self) -> str:
        for name in self.names.all():
            if name.kind == NameKind.PRIMARY:
                return name.full_name
        return ""


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    full_name = EncryptedTextField(_("full name"))
    script = models.CharField(_("script"), max_length=8, choices=Script.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=NameKind.choices)
    exact_index = models.CharField(max_length=32, db_index=True)

    class Meta:
        ordering = ["kind", "id"]  # "alias" < "primary" alphabetically; primary_name scans all


class PersonNameKey(models.Model):
    """One blind-indexed fuzzy key of one name: the inverted index of fuzzy search."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="keys")
    key_index = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["key_index", "person"], name="person_name_key_idx")]


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("document type"), max_length=CODE_MAX_LENGTH)
    number = EncryptedTextField(_("number"))
    number_index = models.CharField(max_length=32, db_index=True)
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = EncryptedTextField(_("phone number"))
    number_index = models.CharField(max_length=32, db_index=True)
