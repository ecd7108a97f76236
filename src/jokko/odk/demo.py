"""Demo submissions: what a Kédougou field team collected offline in KoboCollect.

From the seed documents: community vigilance committees in Kédougou helped identify 163
survivors of sex trafficking, most of them from Nigeria, referred to a partner shelter. Two
identifications arrive as ODK XML and a Kobo export, one of them twice (it stays one case),
and one with a code the team mistyped, kept as rejected with its reason; a committee's report
reaches the hotline through the report form. Everything goes through `ingest`, like real
submissions. Names are invented. Running it again adds nothing.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.conf import settings

from jokko.accounts.models import User
from jokko.gazetteer import UnknownPlace, places_in
from jokko.gazetteer import get as get_place
from jokko.odk.actions import ingest
from jokko.odk.models import Submission
from jokko.odk.parsing import parse_kobo_json, parse_xml

CASE_WORKER = "travailleuse"
HOTLINE_OPERATOR = "ecoute"
NAMESPACE = uuid.UUID("6f1c1d1e-7c5a-4c59-9a57-0a0de0d0c0de")
DAY = datetime.timedelta(days=1)


def _instance(country: str, name: str) -> str:
    return f"uuid:{uuid.uuid5(NAMESPACE, f'{country}:{name}')}"


def _place(country: str) -> tuple[str, str]:
    """Kédougou on the Senegal node; the first town of the region elsewhere."""
    try:
        place = get_place("SN-KE-KEDOUGOU") if country == "SN" else None
    except UnknownPlace:
        place = None
    if place is None:
        towns = places_in(country, kind="town")
        if not towns:
            return "", ""
        place = towns[0]
    return place.region, place.code


def _xml(answers: dict[str, dict[str, str]], form_id: str, instance: str) -> bytes:
    body = "".join(
        f"<{group}>" + "".join(f"<{k}>{v}</{k}>" for k, v in items.items()) + f"</{group}>"
        for group, items in answers.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><data id="{form_id}" version="2026112301">'
        f"{body}<meta><instanceID>{instance}</instanceID></meta></data>"
    ).encode()


def seed_demo() -> int:
    country = settings.NODE_COUNTRY
    if Submission.objects.exists():
        return 0
    worker = User.objects.filter(username=CASE_WORKER).first()
    operator = User.objects.filter(username=HOTLINE_OPERATOR).first()
    region, town = _place(country)
    if worker is None or not town:
        return 0
    today = datetime.date.today()

    def identification(name: str, family: str, year: str, days: int, source: str) -> dict:
        return {
            "survivor": {
                "given_name": name,
                "family_name": family,
                "sex": "female",
                "birth_year": year,
                "nationality": "NG",
            },
            "case": {
                "case_type": "tip",
                "identified_on": (today - days * DAY).isoformat(),
                "region": region,
                "place_code": town,
                "identification_source": source,
                "exploitation_types": "SexualExploitation",
                "means_of_control": "debt_bondage",
                "summary": "Identifiée par le comité de vigilance près d'un site d'orpaillage.",
            },
            "consent": {"consent_scopes": "referral statistics", "consent_form": "verbal"},
        }

    first = _xml(
        identification("Blessing", "Okafor", "2006", 12, "vigilance_committee"),
        "jokko_identification",
        _instance(country, "blessing"),
    )
    count = 0
    for payload in (first, first):  # Collect retried: still one case
        count += ingest(worker, parse_xml(payload), channel="demo").result == "created"
    kobo = {
        "meta/instanceID": _instance(country, "joy"),
        "_uuid": _instance(country, "joy").removeprefix("uuid:"),
        "_submission_time": (today - 6 * DAY).isoformat() + "T10:02:11",
    }
    for group, items in identification("Joy", "Eze", "2007", 6, "vigilance_committee").items():
        kobo.update({f"{group}/{k}": v for k, v in items.items() if v})
    for parsed in parse_kobo_json(json.dumps({"results": [kobo]}).encode()):
        count += ingest(worker, parsed, form="identification", channel="demo").result == "created"
    mistyped = identification("Mercy", "Obi", "2008", 3, "comite")  # not a code: rejected
    ingest(worker, parse_xml(_xml(mistyped, "jokko_identification", _instance(country, "mercy"))))
    if operator is not None:
        report = {
            "report": {
                "description": "Des jeunes filles nigérianes amenées la nuit vers un site "
                "d'orpaillage ; un homme garde leurs passeports.",
                "region": region,
                "place_code": town,
                "suspected_offence": "tip",
                "persons_count": "4",
                "children_involved": "yes",
                "urgency": "high",
            }
        }
        outcome = ingest(
            operator,
            parse_xml(_xml(report, "jokko_community_report", _instance(country, "report"))),
            channel="demo",
        )
        count += outcome.result == "created"
    return count
