"""Demo data of the justice chain on a Senegal node.

Calls the incidents, investigations and prosecutions seeders when those apps provide one, then
adds two judicial cooperation requests drawn from the seed documents' situations: an MLA
request to Mali about the recruitment network around the Kédougou gold-mining sites (victims
moved through Kéniéba and Kayes), and an extradition request to Mauritania for a smuggler
arrested in Nouadhibou. They go through the real actions (validation, history, audit); sent to
a registered federation peer, they leave as signed bulletins like any request.

Idempotent: the requests are recognised by their subject, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from jokko.accounts.models import User
from jokko.cooperation.actions import RequestInput, change_status, create_request
from jokko.cooperation.models import JudicialRequest

DAY = datetime.timedelta(days=1)
PROSECUTOR = "magistrat"
OTHER_SEEDERS = ("jokko.incidents.demo", "jokko.investigations.demo", "jokko.prosecutions.demo")


def _requests(today: datetime.date) -> list[tuple[RequestInput, list[tuple[str, datetime.date]]]]:
    """Each request, then the statuses it went through (with their dates)."""
    return [
        (
            RequestInput(
                kind="mla",
                direction="outgoing",
                other_country="ML",
                authority="Procureur de la République près le Tribunal de grande instance de Kayes",
                subject=(
                    "Réseau de recrutement vers les sites d'orpaillage de Kédougou "
                    "(passage par Kéniéba et Kayes)"
                ),
                measures=(
                    "Audition de deux recruteurs présumés établis à Kéniéba; identification des "
                    "titulaires des numéros utilisés pour les transferts d'argent mobile; "
                    "copie des registres de passage du poste de Diboli."
                ),
                legal_basis="ecowas_mla",
                legal_reference="art. 2 et 3",
                deadline=today + 50 * DAY,
            ),
            [("sent", today - 40 * DAY), ("acknowledged", today - 33 * DAY)],
        ),
        (
            RequestInput(
                kind="extradition",
                direction="outgoing",
                other_country="MR",
                authority="Procureur de la République près le Tribunal de Nouadhibou",
                subject=(
                    "Extradition d'un passeur présumé arrêté à Nouadhibou "
                    "(départs de pirogues vers les Canaries)"
                ),
                measures=(
                    "Arrestation provisoire et remise aux autorités judiciaires sénégalaises; "
                    "saisie et transmission des téléphones trouvés sur la personne."
                ),
                legal_basis="ecowas_extradition",
                legal_reference="mandat d'arrêt du juge d'instruction de Saint-Louis",
                deadline=today + 40 * DAY,
            ),
            [("sent", today - 20 * DAY)],
        ),
    ]


def _other_seeders() -> int:
    added = 0
    for module in OTHER_SEEDERS:
        try:
            seeder = import_module(module).seed_demo
        except (ImportError, AttributeError):
            continue  # that app has no demo data yet
        added += int(seeder())
    return added


def seed_demo() -> int:
    """Seed the chain's demo data; returns how many records were added (0 when already done)."""
    added = _other_seeders()
    if settings.NODE_COUNTRY != "SN":
        return added
    prosecutor = User.objects.filter(username=PROSECUTOR, role="prosecutor").first()
    if prosecutor is None:
        return added
    today = timezone.localdate()
    for data, steps in _requests(today):
        if JudicialRequest.objects.filter(subject=data.subject).exists():
            continue
        request = create_request(prosecutor, data, channel="demo")
        for status, day in steps:
            request = change_status(prosecutor, request, status, happened_on=day, channel="demo")
        added += 1
    return added
