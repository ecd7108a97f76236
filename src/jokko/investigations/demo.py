"""Demo investigations for the Senegal node, built on the incidents app's demo interceptions.

The EU-Senegal partnership trains judicial police against migrant smuggling: an interception at
Kidira opens an investigation into the convoy network behind it; the Guet Ndar pirogue leads to
one referred to the prosecutor. Everything goes through the actions, so the demo obeys the same
rules and audit as real use. Running it again adds nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from jokko.accounts.models import User
from jokko.incidents.models import Incident
from jokko.investigations import actions
from jokko.investigations.models import Investigation

INVESTIGATOR = "enqueteur"
DAY = datetime.timedelta(days=1)
PLANS = (
    # title, incident place, offences, days ago opened, refer to the prosecutor
    ("Réseau de convoyeurs Diboli-Kidira", "SN-TC-KIDIRA", ["som"], 20, False),
    ("Départs de pirogues de Guet Ndar", "SN-SL-GUET_NDAR", ["som", "tip"], 8, True),
)


def _seed_one(
    user: User, title: str, place: str, offences: list[str], days_ago: int, refer: bool
) -> Investigation:
    today = timezone.localdate()
    opened_on = today - days_ago * DAY
    incident = Incident.objects.filter(place_code=place).order_by("id").first()
    investigation = actions.open_investigation(
        user,
        actions.InvestigationInput(
            title=title,
            opened_on=opened_on,
            offences=offences,
            incident_ids=[incident.pk] if incident else [],
        ),
        channel="demo",
    )
    if incident is not None:
        for link in incident.persons.filter(role="suspect").select_related("person"):
            profile = getattr(link.person, "suspect_profile", None)
            if profile is not None:
                actions.link_suspect(user, investigation, profile.pk, channel="demo")
    actions.add_step(
        user,
        investigation,
        done_on=opened_on + DAY,
        kind="hearing",
        description="Audition des personnes interpellées en présence d'un interprète.",
        channel="demo",
    )
    evidence = actions.add_evidence(
        user,
        investigation,
        actions.EvidenceInput(
            exhibit_number="PC-001",
            description="Procès-verbal d'interpellation",
            kind="document",
            collected_on=opened_on,
            place_code=place,
            document=f"Procès-verbal d'interpellation - {title}\n".encode(),
            document_name="pv-interpellation.txt",
            document_type="text/plain",
        ),
        channel="demo",
    )
    actions.transfer_custody(
        user,
        evidence,
        from_holder="OPJ de permanence",
        to_holder="Greffe du tribunal",
        at=timezone.now() - (days_ago - 1) * DAY,
        purpose="Dépôt des scellés",
        channel="demo",
    )
    if refer:
        actions.change_status(user, investigation, "referred_for_prosecution", channel="demo")
    return investigation


def seed_demo() -> int:
    """Open the demo investigations on a Senegal node; returns how many were added (0 if done)."""
    if settings.NODE_COUNTRY != "SN":
        return 0
    user = User.objects.filter(username=INVESTIGATOR, role="investigator").first()
    if user is None or user.organisation is None:
        return 0
    if Investigation.objects.filter(title__in=[plan[0] for plan in PLANS]).exists():
        return 0
    for title, place, offences, days_ago, refer in PLANS:
        _seed_one(user, title, place, offences, days_ago, refer)
    return len(PLANS)
