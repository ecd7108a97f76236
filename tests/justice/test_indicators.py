"""The justice indicators page and API, over records made through the owners' own actions:
an interception at Kidira (incidents), a prosecution with a charge, hearings, a conviction and
a sentence (prosecutions), and judicial cooperation requests.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bulletins.helpers import Api
from tests.conftest import login
from tests.incidents.conftest import interception

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def chain(users: dict[str, Any]) -> dict[str, Any]:
    """Kidira interception -> prosecution of one suspect -> conviction with 36 months."""
    from jokko.cooperation.actions import RequestInput, change_status, create_request
    from jokko.incidents.actions import record_incident
    from jokko.prosecutions import actions
    from jokko.prosecutions.models import Statute

    today = timezone.localdate()
    incident = record_incident(users["investigator"], interception(occurred_on=today - 30 * DAY))
    suspect_ids = sorted(
        incident.persons.filter(role="suspect").values_list("person__suspect_profile", flat=True)
    )
    prosecutor = users["prosecutor"]
    prosecution = actions.open_prosecution(
        prosecutor,
        actions.ProsecutionInput(opened_on=today - 25 * DAY, suspect_ids=suspect_ids[:1]),
    )
    statute = Statute.objects.filter(country="SN", offence="som").first()
    assert statute is not None
    defendant = prosecution.defendants.get()
    charge = actions.add_charge(
        prosecutor,
        prosecution,
        defendant_id=defendant.pk,
        statute_id=statute.pk,
        offence="som",
        charged_on=today - 25 * DAY,
    )
    for held_on, kind in ((today - 20 * DAY, "first_appearance"), (today - 10 * DAY, "trial")):
        actions.record_hearing(prosecutor, prosecution, held_on=held_on, kind=kind)
    verdict = actions.record_verdict(
        prosecutor,
        prosecution,
        charge_id=charge.pk,
        outcome="convicted",
        decided_on=today - 10 * DAY,
    )
    actions.record_sentence(prosecutor, prosecution, verdict_id=verdict.pk, prison_months=36)
    request = create_request(
        prosecutor,
        RequestInput(
            kind="mla",
            direction="outgoing",
            other_country="ML",
            subject="Complices à Kayes",
            measures="Audition",
            legal_basis="ecowas_mla",
            deadline=today - 2 * DAY,
        ),
    )
    change_status(prosecutor, request, "sent", happened_on=today - 20 * DAY)
    return {"incident": incident, "prosecution": prosecution}


def test_page_shows_one_prosecution_and_one_conviction(
    client: Any, users: dict[str, Any], chain: dict[str, Any]
) -> None:
    login(client, users["coordinator"])
    response = client.get(reverse("justice-indicators"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<dd id="headline-prosecutions">1</dd>' in page
    assert '<dd id="headline-convictions">1</dd>' in page
    assert '<dd id="headline-incidents">1</dd>' in page
    assert '<dd id="headline-cooperation">1</dd>' in page
    # No name ever reaches the page: only counts.
    assert "Mamadou" not in page and "Diallo" not in page

    only_tip = client.get(reverse("justice-indicators"), {"offence": "tip"}).content.decode()
    assert '<dd id="headline-prosecutions">0</dd>' in only_tip
    assert '<dd id="headline-incidents">0</dd>' in only_tip


def test_api_returns_the_same_figures(users: dict[str, Any], chain: dict[str, Any]) -> None:
    figures = Api(users["analyst"]).get("/justice/indicators").json()
    assert figures["headline"]["prosecutions"] == 1
    assert figures["headline"]["convictions"] == 1
    assert figures["cooperation"]["by_status"] == {"sent": 1}
    assert figures["cooperation"]["overdue"] == 1
    later = (timezone.localdate() + DAY).isoformat()
    empty = Api(users["analyst"]).get("/justice/indicators", start=later).json()
    assert empty["headline"]["prosecutions"] == 0 and empty["headline"]["incidents"] == 0


def test_fallback_figures_cover_the_chain(chain: dict[str, Any]) -> None:
    """Computed here when an owner's indicator function is absent; checked directly."""
    from jokko.justice.indicators import (
        Period,
        _incident_fallback,
        _prosecution_fallback,
        incidents,
        prosecutions,
    )

    period = Period()
    incident_figures = _incident_fallback(incidents(period))
    assert incident_figures["by_kind"] == {"border_interception": 1}
    assert incident_figures["persons_by_role"] == {"smuggled_migrant": 12, "suspect": 2}
    prosecution_figures = _prosecution_fallback(prosecutions(period))
    assert prosecution_figures["verdicts_by_offence"] == {"som": {"convicted": 1}}
    assert prosecution_figures["sentence_months"]["median"] == 36.0
    # Identified at the interception 30 days ago, convicted 10 days ago.
    assert prosecution_figures["days_identification_to_verdict"]["median"] == 20.0


def test_bad_period_is_refused(client: Any, users: dict[str, Any]) -> None:
    login(client, users["coordinator"])
    response = client.get(
        reverse("justice-indicators"), {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "The end of the period is before its start." in response.content.decode()
    api = Api(users["coordinator"]).get("/justice/indicators", offence="drugs")
    assert api.status_code == 422


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("analyst", 200),
        ("prosecutor", 200),
        ("investigator", 403),
        ("worker", 403),
        ("reporter", 403),
        ("admin", 403),
    ],
)
def test_who_reads_the_indicators(
    client: Any, users: dict[str, Any], role: str, status: int
) -> None:
    login(client, users[role])
    assert client.get(reverse("justice-indicators")).status_code == status
    api_status = Api(users[role]).get("/justice/indicators").status_code
    assert api_status == status


def test_page_names_codes_in_words(
    client: Any, users: dict[str, Any], chain: dict[str, Any]
) -> None:
    login(client, users["analyst"])
    page = client.get(reverse("justice-indicators")).content.decode()
    assert "Interception at a border post" in page and "Kidira" in page
    assert "Smuggled migrant" in page and "Median days to answer" in page
