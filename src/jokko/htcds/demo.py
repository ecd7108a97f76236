"""Demo: a partner's HTCDS file imported into the node, so the exchange pages show real use.

An NGO shelter network that keeps its case files in another HTCDS-based system sends three
records (girls found near the gold-mining sites, a talibé child, a young woman intercepted at
the border); the coordinator imports them. Names are invented. The import is idempotent: running
the demo again finds the same (source system, record id) and changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from jokko.accounts.models import User
from jokko.gazetteer import places_in
from jokko.htcds.importer import import_records

COORDINATOR = "coordination"
SOURCE_SYSTEM = "Casebook (réseau de centres partenaires)"
DAY = datetime.timedelta(days=1)


def demo_records(today: datetime.date, place: str) -> list[dict[str, Any]]:
    return [
        {
            "x_SourceId": "CB-2026-0141",
            "prs_FirstName": "Blessing",
            "prs_SecondName": "Okafor",
            "prs_Gender": "Feminine",
            "x_BirthYear": 2008,
            "prs_Citizenship": ["NG"],
            "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
            "vic_TraffickingStatusDecisionMakingOrg": "NGO",
            "vic_TypeOfExploitation": ["SexualExploitation"],
            "vic_MethodsOfControl": ["DebtBondage", "WithholdsDocuments"],
            "vic_RelationshipToTrafficker": "Acquainted",
            "vic_AgeWhenTrafficked": 16,
            "x_IdentificationDate": (today - 40 * DAY).isoformat(),
            "x_IdentificationPlace": place,
            "cas_Status": "Active",
            "con_Consent": True,
            "SupportPlans": [
                {"spl_Type": "Health", "spl_ActualEndDate": (today - 35 * DAY).isoformat()}
            ],
        },
        {
            "x_SourceId": "CB-2026-0157",
            "prs_FirstName": "Ousmane",
            "prs_Gender": "Masculine",
            "x_BirthYear": 2015,
            "prs_Citizenship": ["GN"],
            "vic_TraffickingStatusDecisionMakingOrg": "NonPoliceGovernmentalOrganization",
            "vic_TypeOfExploitation": ["ForcedBegging"],
            "vic_RelationshipToTrafficker": "Acquainted",
            "x_IdentificationDate": (today - 25 * DAY).isoformat(),
            "x_IdentificationPlace": place,
            "cas_Status": "Active",
        },
        {
            "x_SourceId": "CB-2026-0163",
            "prs_FirstName": "Awa",
            "prs_SecondName": "Keïta",
            "prs_Gender": "Feminine",
            "x_BirthYear": 2004,
            "prs_Citizenship": ["ML"],
            "vic_TraffickingStatus": "NotAVictimOfTrafficking",
            "vic_TraffickingStatusDecisionMakingOrg": "Police",
            "x_CaseType": "som",
            "x_IdentificationDate": (today - 60 * DAY).isoformat(),
            "x_IdentificationPlace": place,
            "cas_Status": "Closed",
            "cas_ReasonForCaseClosure": "Retour volontaire dans la famille à Kayes",
        },
    ]


def seed_demo() -> int:
    """Import the partner's file as the demo coordinator; returns the number of cases created."""
    coordinator = User.objects.filter(username=COORDINATOR).first()
    towns = places_in(settings.NODE_COUNTRY, kind="town")
    if coordinator is None or not towns:
        return 0
    report = import_records(
        coordinator,
        demo_records(
            datetime.date.today(),
            next((t.code for t in towns if "gold_mining" in t.tags), towns[0].code),
        ),
        source_system=SOURCE_SYSTEM,
    )
    if not report.ok:
        raise RuntimeError("HTCDS demo import failed: " + "; ".join(report.errors))
    return report.created
