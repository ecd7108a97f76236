"""Awareness campaigns and their events (community meetings, radio, schools, markets...).

Reach is what donors and the indicators ask for ("how many people did the quarterly events in
Kédougou reach, and whom?"), so each event records how many people were reached, optionally by
sex, and which audience it targeted. Places come from the gazetteer so events count per region.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def split_codes(value: str) -> list[str]:
    return [code for code in value.split(",") if code]


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Sorted ISO 3166-1 alpha-2 codes joined by commas ("MR,SN"), as joint action plans store them.
    countries = models.CharField(_("countries"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_list(self) -> list[str]:
        return split_codes(self.countries)


class EventKind(models.TextChoices):
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    RADIO = "radio", _("Radio programme")
    SCHOOL = "school", _("School session")
    MARKET = "market", _("Market day")
    SOCIAL_MEDIA = "social_media", _("Social media")
    CARAVAN = "caravan", _("Caravan")
    RELIGIOUS = "religious", _("Religious gathering")
    THEATRE = "theatre", _("Forum theatre")
    OTHER = "other", pgettext_lazy("event kind", "Other")


class Audience(models.TextChoices):
    GENERAL_PUBLIC = "general_public", _("General public")
    YOUTH = "youth", _("Young people")
    PUPILS = "pupils", _("Pupils and teachers")
    PARENTS = "parents", _("Parents")
    WOMEN = "women", _("Women's groups")
    COMMUNITY_LEADERS = "community_leaders", _("Community and religious leaders")
    MIGRANTS = "migrants", _("Migrants and would-be migrants")
    TRANSPORT = "transport", _("Drivers and transport workers")
    GOLD_MINING = "gold_mining", _("Gold-mining communities")
    AUTHORITIES = "authorities", _("Local authorities")


class CampaignEvent(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    place_code = models.CharField(_("place"), max_length=40)
    held_on = models.DateField(_("date"))
    audience = models.CharField(_("audience"), max_length=24, choices=Audience.choices)
    reach_total = models.PositiveIntegerField(_("people reached"))
    reach_female = models.PositiveIntegerField(_("of whom women and girls"), null=True, blank=True)
    reach_male = models.PositiveIntegerField(_("of whom men and boys"), null=True, blank=True)
    materials = models.TextField(_("materials distributed"), blank=True)
    materials_count = models.PositiveIntegerField(_("number of items distributed"), default=0)
    partners = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="campaign_events",
        verbose_name=_("partner organisations"),
    )
    partner_note = models.CharField(_("other partners"), max_length=300, blank=True)
    # Language codes joined by commas ("fr,wo,pul"): campaigns go out in national languages.
    languages = models.CharField(_("languages"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} · {self.get_kind_display()} · {self.place_code}"

    @property
    def country(self) -> str:
        return self.place_code[:2]

    @property
    def language_list(self) -> list[str]:
        return split_codes(self.languages)
