"""Incidents and operations, and the suspects they reveal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Offence(models.TextChoices):
    """The two offences the platform distinguishes everywhere: different laws, victims and proof.

    Trafficking in persons exploits a person; smuggling of migrants sells an irregular border
    crossing to someone who consents to it. One incident can reveal both.
    """

    TIP = "tip", _("Trafficking in persons")
    SOM = "som", _("Smuggling of migrants")
