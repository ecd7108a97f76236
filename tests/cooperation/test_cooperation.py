"""Judicial cooperation requests: recorded, sent (as signed bulletins to federation peers),
received from a peer's bulletin, moved along their statuses, refused when the input is wrong.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jokko.audit.models import AuditEntry
from jokko.bulletins.models import Bulletin
from jokko.cooperation.models import JudicialRequest, JudicialRequestEvent
from jokko.federation.models import OutboxMessage
from tests.bulletins.helpers import Api, carry, node, register_peers
from tests.conftest import login

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "mla",
        "direction": "outgoing",
        "other_country": "ML",
        "authority": "Procureur de la République près le TGI de Kayes",
        "subject": "Réseau d'exploitation des sites d'orpaillage de Kédougou",
        "measures": "Audition de deux témoins à Kéniéba; relevés téléphoniques",
        "legal_basis": "ecowas_mla",
        "legal_reference": "art. 2",
        "sent_on": "",
        "deadline": (timezone.localdate() + 60 * DAY).isoformat(),
    }
    data.update(overrides)
    return data


def _create(client: Any, user: Any, **overrides: Any) -> JudicialRequest:
    login(client, user)
    response = client.post(reverse("cooperation-new"), _form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return JudicialRequest.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def test_prosecutor_records_and_sends_a_request_without_a_peer(
    client: Any, users: dict[str, Any]
) -> None:
    request = _create(client, users["prosecutor"])
    assert (request.status, request.direction, request.other_country) == ("draft", "outgoing", "ML")
    assert request.reference.startswith("JR-SN-")
    response = client.post(reverse("cooperation-status", args=[request.pk]), {"status": "sent"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "sent" and request.sent_on == timezone.localdate()
    assert request.bulletin is None and not Bulletin.objects.exists()
    page = client.get(reverse("cooperation-detail", args=[request.pk])).content.decode()
    assert "Sent" in page and "Kédougou" in page
    assert AuditEntry.objects.filter(object_type="judicial_request", action="update").exists()


def test_request_to_a_peer_travels_as_a_signed_bulletin_and_arrives_as_a_request(
    client: Any, users: dict[str, Any]
) -> None:
    register_peers()
    request = _create(
        client,
        users["prosecutor"],
        kind="extradition",
        other_country="MR",
        legal_basis="ecowas_extradition",
        subject="Extradition de M. Ould X.",
        measures="Arrestation provisoire et remise",
    )
    client.post(reverse("cooperation-status", args=[request.pk]), {"status": "sent"})
    request.refresh_from_db()
    assert request.status == "sent" and request.bulletin is not None
    bulletin = request.bulletin
    assert bulletin.kind == "mla_request" and bulletin.details["request_type"] == "extradition"
    assert "A/P1/8/94" in bulletin.legal_reference
    assert OutboxMessage.objects.filter(recipient_country="MR", kind="bulletin.new").count() == 1

    assert len(carry(sender="SN", recipient="MR")) == 1
    received = JudicialRequest.objects.get(direction="incoming")
    assert received.kind == "extradition" and received.other_country == "SN"
    assert received.legal_basis == "ecowas_extradition" and received.status == "sent"
    assert received.bulletin is not None and received.bulletin.uid == bulletin.uid
    # A second delivery of the same bulletin adds nothing.
    with node("MR"):
        from jokko.bulletins.handlers import apply_new

        apply_new("SN", {**_body_of(bulletin)})
    assert JudicialRequest.objects.filter(direction="incoming").count() == 1


def _body_of(bulletin: Bulletin) -> dict[str, Any]:
    from jokko.bulletins.actions import bulletin_body

    return bulletin_body(bulletin)


def test_status_history_answer_and_overdue(client: Any, users: dict[str, Any]) -> None:
    request = _create(client, users["prosecutor"])
    today = timezone.localdate()
    url = reverse("cooperation-status", args=[request.pk])
    client.post(url, {"status": "sent", "happened_on": (today - 40 * DAY).isoformat()})
    JudicialRequest.objects.filter(pk=request.pk).update(deadline=today - 10 * DAY)
    overdue = client.get(reverse("cooperation-list") + "?overdue=1").content.decode()
    assert request.reference in overdue
    client.post(url, {"status": "acknowledged", "happened_on": (today - 30 * DAY).isoformat()})
    client.post(url, {"status": "executed", "happened_on": (today - 5 * DAY).isoformat()})
    request.refresh_from_db()
    assert request.status == "executed" and request.answered_on == today - 5 * DAY
    assert request.days_to_answer == 35 and not request.is_overdue
    assert list(request.events.values_list("status", flat=True)) == [
        "draft",
        "sent",
        "acknowledged",
        "executed",
    ]
    assert (
        request.reference
        not in client.get(reverse("cooperation-list") + "?overdue=1").content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"deadline": "2020-01-01", "direction": "incoming", "sent_on": "2020-02-01"},
            "deadline",
            "The deadline cannot be before the sending date.",
        ),
        (
            {"other_country": "SN"},
            "other_country",
            "A request goes to or comes from another country.",
        ),
        (
            {"direction": "incoming"},
            "sent_on",
            "Give the date the other country sent this request.",
        ),
        (
            {"legal_basis": "bilateral_agreement", "legal_reference": ""},
            "legal_reference",
            "Name the bilateral agreement.",
        ),
    ],
)
def test_bad_request_is_refused_and_nothing_written(
    client: Any, users: dict[str, Any], overrides: dict[str, Any], field: str, message: str
) -> None:
    login(client, users["prosecutor"])
    response = client.post(reverse("cooperation-new"), _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not JudicialRequest.objects.exists() and not JudicialRequestEvent.objects.exists()


def test_unknown_country_through_the_api_is_refused(users: dict[str, Any]) -> None:
    body = {k: v for k, v in _form(other_country="XX").items() if v != ""}
    response = Api(users["prosecutor"]).post("/cooperation", body)
    assert response.status_code == 422
    assert "Unknown country: XX" in str(response.json())
    assert not JudicialRequest.objects.exists()


def test_disallowed_transition_and_answer_before_sending_are_refused(
    client: Any, users: dict[str, Any]
) -> None:
    request = _create(client, users["prosecutor"])
    url = reverse("cooperation-status", args=[request.pk])
    page = client.post(url, {"status": "executed"}, follow=True).content.decode()
    assert "cannot become" in page
    today = timezone.localdate()
    client.post(url, {"status": "sent", "happened_on": today.isoformat()})
    page = client.post(
        url, {"status": "executed", "happened_on": (today - 3 * DAY).isoformat()}, follow=True
    ).content.decode()
    assert "This date is before the request was sent." in page
    client.post(url, {"status": "refused", "note": ""})  # a refusal must say why
    request.refresh_from_db()
    assert request.status == "sent" and request.answered_on is None
    assert request.events.count() == 2


def test_api_round_trip(users: dict[str, Any]) -> None:
    api = Api(users["coordinator"])
    body = {k: v for k, v in _form().items() if v != ""}
    created = api.post("/cooperation", body)
    assert created.status_code == 201, created.json()
    request_id = created.json()["id"]
    sent = api.post(f"/cooperation/{request_id}/status", {"status": "sent"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    listed = api.get("/cooperation", status="sent").json()
    assert listed["count"] == 1 and listed["items"][0]["reference"].startswith("JR-SN-")
    wrong = api.post(f"/cooperation/{request_id}/status", {"status": "draft"})
    assert wrong.status_code == 422


@pytest.mark.parametrize("role", ["worker", "analyst", "reporter", "admin", "investigator"])
def test_other_roles_cannot_reach_requests(client: Any, users: dict[str, Any], role: str) -> None:
    request = _create(client, users["prosecutor"])
    login(client, users[role])
    assert client.get(reverse("cooperation-detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("cooperation-new")).status_code == 403
    response = client.post(reverse("cooperation-status", args=[request.pk]), {"status": "sent"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "draft"


def test_investigator_reads_only_requests_of_their_investigations(
    client: Any, users: dict[str, Any]
) -> None:
    # Made with the ORM: the investigations app has no action to open one yet.
    from jokko.investigations.models import Investigation

    investigation = Investigation.objects.create(
        reference="INV-SN-2026-0001",
        title="Réseau de Kédougou",
        unit=users["investigator"].organisation,
        opened_on=timezone.localdate() - 10 * DAY,
        offences=["tip"],
        status="referred_for_prosecution",  # the prosecutor sees it only once referred
    )
    investigation.investigators.add(users["investigator"])
    api = Api(users["prosecutor"])
    body = {k: v for k, v in _form().items() if v != ""}
    tied = api.post("/cooperation", {**body, "investigation_id": investigation.pk}).json()
    untied = api.post("/cooperation", body).json()
    assert tied["investigation_id"] == investigation.pk
    unknown = api.post("/cooperation", {**body, "investigation_id": 999_999})
    assert unknown.status_code == 422 and "Unknown investigation." in str(unknown.json())

    login(client, users["investigator"])
    assert client.get(reverse("cooperation-detail", args=[tied["id"]])).status_code == 200
    assert client.get(reverse("cooperation-detail", args=[untied["id"]])).status_code == 404
    listed = client.get(reverse("cooperation-list")).content.decode()
    assert tied["reference"] in listed and untied["reference"] not in listed
    # Reading is all: no status change.
    client.post(reverse("cooperation-status", args=[tied["id"]]), {"status": "sent"})
    assert JudicialRequest.objects.get(pk=tied["id"]).status == "draft"


def test_received_mla_bulletin_becomes_an_incoming_request_other_kinds_do_not(
    users: dict[str, Any],
) -> None:
    from tests.bulletins.helpers import DETAILS, received_bulletin

    received_bulletin()  # a vehicle alert from Mauritania: not a judicial request
    assert not JudicialRequest.objects.exists()
    mla = received_bulletin(
        uid="6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        kind="mla_request",
        title="Demande d'entraide: audition d'un témoin à Kédougou",
        details=DETAILS["mla_request"],
        restrictions=[],
        legal_basis="ecowas_mla",
        legal_reference="Convention A/P1/7/92, art. 2",
        includes_identity=False,
        identity=None,
    )
    request = JudicialRequest.objects.get()
    assert request.bulletin == mla and request.direction == "incoming"
    assert (request.kind, request.other_country, request.legal_basis) == ("mla", "MR", "ecowas_mla")
    assert request.measures == DETAILS["mla_request"]["measures"]
    assert request.reference.startswith("JR-SN-") and "-IN-" in request.reference
    assert request.status == "sent" and request.sent_on == timezone.localdate()


def test_a_request_cannot_cite_an_investigation_its_author_cannot_see(
    users: dict[str, Any],
) -> None:
    from jokko.investigations.models import Investigation

    unseen = Investigation.objects.create(
        reference="INV-SN-2026-0002",
        title="Enquête en cours",
        unit=users["investigator"].organisation,
        opened_on=timezone.localdate() - 10 * DAY,
        offences=["som"],
    )  # still open: not referred, so the prosecutor may not see it
    body = {k: v for k, v in _form().items() if v != ""}
    answer = Api(users["prosecutor"]).post("/cooperation", {**body, "investigation_id": unseen.pk})
    assert answer.status_code == 422 and "Unknown investigation." in str(answer.json())
    assert not JudicialRequest.objects.exists()
