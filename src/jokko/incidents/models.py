"""Incidents and operations, and the suspects they reveal.

An incident is what a unit saw and did on one day at one place (an interception at a border post,
a boat stopped at sea, a raid on a mining site, an arrest). The humans involved are linked by
role through `IncidentPerson`; smuggled migrants may be counted rather than named, because a
patrol stopping a truck of thirty people records a number, not thirty identities.

Identifying data never lives here: names, phones and documents stay encrypted in
`people.Person`. A suspect is a Person with a `suspect_profile` (`Suspect`) that adds what an
investigator needs: vehicles, phones seen in incidents, known associates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedTextField


class Offence(models.TextChoices):
    """The two offences the platform distinguishes everywhere: different laws, victims and proof.

    Trafficking in persons exploits a person; smuggling of migrants sells an irregular border
    crossing to someone who consents to it. One incident can reveal both.
    """

    TIP = "tip", _("Trafficking in persons")
    SOM = "som", _("Smuggling of migrants")


class IncidentKind(models.TextChoices):
    BORDER_INTERCEPTION = "border_interception", _("Interception at a border post")
    BOAT_INTERCEPTION = "boat_interception", _("Boat intercepted")
    BOAT_DEPARTURE = "boat_departure", _("Boat departure prevented")
    RAID_RESCUE = "raid_rescue", _("Raid and rescue")
    ARREST = "arrest", _("Arrest")
    OTHER = "other", _("Other operation")


class PersonRole(models.TextChoices):
    """Roles in an incident; a subset of `people.PersonRole` with the same codes."""

    SUSPECT = "suspect", _("Suspect")
    SURVIVOR = "survivor", _("Survivor / victim")
    SMUGGLED_MIGRANT = "smuggled_migrant", _("Smuggled migrant")
    WITNESS = "witness", _("Witness")


class ItemKind(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle")
    BOAT = "boat", _("Boat")
    PHONE = "phone", _("Phone")
    MONEY = "money", _("Money")
    SEIZED_ITEM = "seized_item", _("Other seized item")


class Incident(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("date"))
    place_code = models.CharField(_("place"), max_length=64)
    unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("unit"),
    )
    # A list of `Offence` values: an incident can reveal trafficking and smuggling at once.
    offences = models.JSONField(_("offences"), default=list)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return self.reference

    def offence_labels(self) -> list[str]:
        return [str(Offence(code).label) for code in self.offences if code in Offence.values]


class IncidentPerson(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("role"), max_length=24, choices=PersonRole.choices)
    # Null for counted people (e.g. twelve smuggled migrants without names).
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    count = models.PositiveIntegerField(_("number of persons"), default=1)
    # Nationality of a counted group ("" when unknown or mixed); named persons carry their own.
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="incident_person_count"),
        ]


class Suspect(models.Model):
    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="suspect_profile"
    )
    # Known associates: other suspects seen acting with this one (symmetric by action).
    associates = models.ManyToManyField("self", blank=True, symmetrical=True)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.person.pseudonym


class SuspectPlate(models.Model):
    """A vehicle or boat registration seen with a suspect; plates are not personal data alone."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="plates")
    plate = models.CharField(_("plate / registration"), max_length=32, db_index=True)
    description = models.CharField(_("vehicle"), max_length=120, blank=True)
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["suspect", "plate"], name="suspect_plate_unique")
        ]


class IncidentItem(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Plate, hull registration or phone number (normalised) so searches can find it.
    identifier = models.CharField(_("identifier"), max_length=64, blank=True, db_index=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        ordering = ["id"]
