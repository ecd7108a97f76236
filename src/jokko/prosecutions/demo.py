"""Demo prosecutions for the Senegal node, following the seed documents.

In Kédougou, survivors helped by the Association of Senegalese Jurists sought justice: "at least
four convictions", a dozen cases before Malian and Senegalese courts. The demo prosecutes the
suspects of the incidents demo (`jokko.incidents.demo`): the Kharakhena mining-site raid (TIP,
conviction) and the Kidira interception (SOM, one conviction and one acquittal), through the
real actions. Running it again adds nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from jokko.accounts.models import User
from jokko.incidents.models import Incident
from jokko.prosecutions import actions
from jokko.prosecutions.models import Prosecution, Statute

PROSECUTOR = "magistrat"
DAY = datetime.timedelta(days=1)
REFERENCES = ("PRS-SN-DEMO-KEDOUGOU", "PRS-SN-DEMO-KIDIRA")


def _suspect_ids(place_code: str) -> list[int]:
    incident = Incident.objects.filter(place_code=place_code).order_by("id").first()
    if incident is None:
        return []
    links = incident.persons.filter(role="suspect", person__isnull=False).select_related(
        "person__suspect_profile"
    )
    return [link.person.suspect_profile.pk for link in links if link.person is not None]


def _statute(offence: str, article: str) -> Statute | None:
    return Statute.objects.filter(
        country="SN", offence=offence, article=article, active=True
    ).first()


def _judge(
    user: Any,
    prosecution: Prosecution,
    today: datetime.date,
    statute: Statute,
    outcomes: list[tuple[str, int]],
) -> None:
    """Charge each defendant, hold two hearings, decide and sentence."""
    charged_on = prosecution.opened_on + 2 * DAY
    charges = [
        actions.add_charge(
            user,
            prosecution,
            defendant_id=defendant.pk,
            statute_id=statute.pk,
            offence=statute.offence,
            charged_on=charged_on,
        )
        for defendant in prosecution.defendants.all()
    ]
    actions.record_hearing(
        user, prosecution, held_on=charged_on + 5 * DAY, kind="trial", next_on=today - 3 * DAY
    )
    actions.record_hearing(user, prosecution, held_on=today - 3 * DAY, kind="deliberation")
    for charge, (outcome, months) in zip(charges, outcomes, strict=False):
        verdict = actions.record_verdict(
            user, prosecution, charge_id=charge.pk, outcome=outcome, decided_on=today - 3 * DAY
        )
        if outcome == "convicted":
            actions.record_sentence(
                user,
                prosecution,
                verdict_id=verdict.pk,
                prison_months=months,
                fine="2000000",
                currency="XOF",
            )


def seed_demo() -> int:
    """Add the demo prosecutions on a Senegal node; returns how many were added (0 if done)."""
    if settings.NODE_COUNTRY != "SN":
        return 0
    if Prosecution.objects.filter(reference__in=REFERENCES).exists():
        return 0
    user = User.objects.filter(username=PROSECUTOR, is_active=True).first()
    if user is None or user.organisation_id is None:
        return 0
    today = datetime.date.today()
    plans = [
        (REFERENCES[0], "SN-KE-KHARAKHENA", _statute("tip", "Art. 1"), [("convicted", 84)]),
        (
            REFERENCES[1],
            "SN-TC-KIDIRA",
            _statute("som", "Art. 4"),
            [("convicted", 60), ("acquitted", 0)],
        ),
    ]
    added = 0
    for reference, place_code, statute, outcomes in plans:
        suspect_ids = _suspect_ids(place_code)
        if not suspect_ids or statute is None:
            continue
        prosecution = actions.open_prosecution(
            user,
            actions.ProsecutionInput(
                opened_on=today - 15 * DAY, suspect_ids=suspect_ids, reference=reference
            ),
            channel="demo",
        )
        _judge(user, prosecution, today, statute, outcomes)
        added += 1
    return added
