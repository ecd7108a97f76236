"""Sending bulletins through the compose page and the API: what is sent, what is refused.

A refused bulletin writes nothing: no bulletin, no recipient, no outbox message.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jokko.audit.models import AuditEntry
from jokko.bulletins.models import Bulletin, BulletinRecipient
from jokko.cases import actions as case_actions
from jokko.federation.models import OutboxMessage
from tests.bulletins.helpers import DETAILS, Api, bulletin_body, register_peers
from tests.conftest import login

pytestmark = pytest.mark.django_db
KINDS = list(DETAILS)


@pytest.fixture(autouse=True)
def peers(db: Any) -> None:
    register_peers()


def _written() -> tuple[int, int, int]:
    return (
        Bulletin.objects.count(),
        BulletinRecipient.objects.count(),
        OutboxMessage.objects.filter(kind__startswith="bulletin.").count(),
    )


def _form_data(kind: str, **overrides: Any) -> dict[str, Any]:
    """The compose form as a user fills it in (a route's places go in the step selects)."""
    data: dict[str, Any] = {
        "kind": kind,
        "client_id": str(uuid.uuid4()),
        "title": f"Alerte {kind}",
        "urgency": "urgent",
        "summary": "Signalé par la brigade de Kédougou",
        "recipients": ["MR", "ML"],
        "expires_at": (timezone.localtime() + datetime.timedelta(days=7)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "restrictions": ["no_onward_sharing"],
        "legal_basis": "national_tip_law",
        "legal_reference": "Loi n° 2005-06, art. 3",
    }
    for name, value in DETAILS[kind].items():
        if name == "places":
            for step, code in enumerate(value, start=1):
                data[f"details_places_{step}"] = code
        elif name == "names":
            data["details_names"] = "\n".join(value)
        else:
            data[f"details_{name}"] = value
    data.update(overrides)
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_sent_from_the_compose_page(
    client: Any, users: dict[str, Any], kind: str
) -> None:
    login(client, users["coordinator"])
    page = client.get(reverse("bulletin-compose") + f"?kind={kind}")
    assert page.status_code == 200 and 'name="details_' in page.content.decode()
    response = client.post(reverse("bulletin-compose"), _form_data(kind))
    assert response.status_code == 302, response.content.decode()[:3000]
    bulletin = Bulletin.objects.get()
    assert bulletin.kind == kind and bulletin.direction == "outgoing"
    assert bulletin.origin_country == "SN" and bulletin.created_by == users["coordinator"]
    assert sorted(bulletin.recipients.values_list("country", flat=True)) == ["ML", "MR"]
    messages = OutboxMessage.objects.filter(kind="bulletin.new").order_by("recipient_country")
    assert [m.recipient_country for m in messages] == ["ML", "MR"]
    assert messages[0].body["details"] == bulletin.details
    assert messages[0].expires_at == bulletin.expires_at
    assert set(bulletin.details) == set(DETAILS[kind])
    assert AuditEntry.objects.filter(
        actor_username="coordinator", action="create", object_type="bulletin"
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert bulletin.title in detail and "Loi n° 2005-06, art. 3" in detail


def test_details_are_normalised_and_shown_in_words(client: Any, users: dict[str, Any]) -> None:
    login(client, users["investigator"])
    client.post(reverse("bulletin-compose"), _form_data("route"))
    client.post(reverse("bulletin-compose"), _form_data("vehicle"))
    route, vehicle = Bulletin.objects.order_by("id")
    assert route.details["places"] == ["ML-1-KAYES", "SN-TC-TAMBACOUNDA", "SN-DK-DAKAR"]
    assert vehicle.details["plate"] == "DK-4521-B"
    page = client.get(reverse("bulletin-detail", args=[route.pk])).content.decode()
    assert "Kayes (ML) → Tambacounda (SN) → Dakar (SN)" in page


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_sent_through_the_api(users: dict[str, Any], kind: str) -> None:
    response = Api(users["investigator"]).post("/bulletins", bulletin_body(kind))
    assert response.status_code == 201, response.json()
    out = response.json()
    assert out["kind"] == kind and out["direction"] == "outgoing" and not out["expired"]
    assert out["recipients"][0]["country"] == "MR"
    assert out["recipients"][0]["delivery"]  # the outbox state, e.g. "Pending"
    assert OutboxMessage.objects.get(kind="bulletin.new").body["uid"] == out["uid"]


def test_missing_kind_facts_are_refused_per_field(users: dict[str, Any]) -> None:
    before = _written()
    response = Api(users["investigator"]).post(
        "/bulletins", bulletin_body("boat_departure", details={"passengers": "many"})
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {"details.departure_place", "details.expected_date", "details.passengers"} <= set(detail)
    unknown = Api(users["investigator"]).post(
        "/bulletins", bulletin_body("vehicle", details={"plate": "X1", "engine": "V8"})
    )
    assert unknown.status_code == 422 and "engine" in unknown.json()["detail"]["details"][0]
    assert _written() == before


def test_expiry_in_the_past_is_refused_and_writes_nothing(
    client: Any, users: dict[str, Any]
) -> None:
    before = _written()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    response = Api(users["investigator"]).post(
        "/bulletins", bulletin_body(expires_at=yesterday.isoformat())
    )
    assert response.status_code == 422
    assert response.json()["detail"]["expires_at"] == ["The expiry must be in the future."]
    login(client, users["investigator"])
    page = client.post(
        reverse("bulletin-compose"),
        _form_data("vehicle", expires_at=yesterday.strftime("%Y-%m-%dT%H:%M")),
    )
    assert page.status_code == 400 and "Nothing was sent" in page.content.decode()
    assert _written() == before


def test_recipients_must_be_active_peers(users: dict[str, Any]) -> None:
    from jokko.federation.models import Peer

    api = Api(users["investigator"])
    before = _written()
    assert api.post("/bulletins", bulletin_body(recipients=["NE"])).status_code == 422
    assert api.post("/bulletins", bulletin_body(recipients=[])).status_code == 422
    Peer.objects.update(active=False)
    response = api.post("/bulletins", bulletin_body())
    assert response.status_code == 422
    assert "No active peer" in response.json()["detail"]["recipients"][0]
    assert _written() == before


def test_every_bulletin_needs_a_legal_basis_or_consent(users: dict[str, Any]) -> None:
    api = Api(users["investigator"])
    before = _written()
    no_basis = api.post("/bulletins", bulletin_body(legal_basis="", legal_reference=""))
    assert no_basis.status_code == 422 and "legal_basis" in no_basis.json()["detail"]
    no_reference = api.post("/bulletins", bulletin_body(legal_reference=" "))
    assert no_reference.status_code == 422 and "legal_reference" in no_reference.json()["detail"]
    no_consent = api.post("/bulletins", bulletin_body(legal_basis="survivor_consent"))
    assert no_consent.status_code == 422 and "consent_id" in no_consent.json()["detail"]
    assert _written() == before


def _identity_body(person_id: int, **overrides: Any) -> dict[str, Any]:
    return bulletin_body(
        "person_of_interest", subject_person_id=person_id, includes_identity=True, **overrides
    )


def test_identity_without_consent_or_legal_basis_is_refused_and_writes_nothing(
    client: Any, users: dict[str, Any], consented_case: Any
) -> None:
    coordinator = users["coordinator"]
    person_id = consented_case.person_id
    consent = consented_case.consents.get()  # referral, return, embassy, statistics only
    before = _written()
    exports = AuditEntry.objects.filter(action="export").count()
    api = Api(coordinator)
    bare = api.post("/bulletins", _identity_body(person_id, legal_basis="", legal_reference=""))
    assert bare.status_code == 422
    assert "needs their consent" in bare.json()["detail"]["includes_identity"][0]
    not_cross_border = api.post(
        "/bulletins",
        _identity_body(person_id, legal_basis="survivor_consent", consent_id=consent.pk),
    )
    assert not_cross_border.status_code == 422
    assert "another country" in not_cross_border.json()["detail"]["consent_id"][0]
    login(client, coordinator)
    page = client.post(
        reverse("bulletin-compose"),
        _form_data(
            "person_of_interest",
            legal_basis="",
            legal_reference="",
            subject_person=consented_case.person.pseudonym,
            includes_identity="on",
        ),
    )
    assert page.status_code == 400 and "needs their consent" in page.content.decode()
    assert _written() == before
    assert AuditEntry.objects.filter(action="export").count() == exports


def test_identity_with_cross_border_consent_is_sent_and_the_disclosure_audited(
    users: dict[str, Any], consented_case: Any
) -> None:
    worker, coordinator = users["worker"], users["coordinator"]
    consent = case_actions.record_consent(
        worker, consented_case, scopes=["cross_border"], given_on=timezone.localdate()
    )
    response = Api(coordinator).post(
        "/bulletins",
        _identity_body(
            consented_case.person_id,
            legal_basis="survivor_consent",
            legal_reference="",
            consent_id=consent.pk,
        ),
    )
    assert response.status_code == 201, response.json()
    bulletin = Bulletin.objects.get()
    assert bulletin.consent == consent and bulletin.includes_identity
    assert "survivor_identity" in bulletin.restrictions
    sent = OutboxMessage.objects.get(kind="bulletin.new").body
    assert sent["identity"]["names"][0]["full_name"] == "Aïssatou Diallo"
    assert "consent" not in sent  # the consent record stays with the case, on this node
    export = AuditEntry.objects.get(action="export", person_id=consented_case.person_id)
    assert export.detail["recipients"] == ["MR"] and export.detail["consent"] == consent.pk
    assert AuditEntry.objects.filter(
        action="read", object_type="person", detail__purpose="bulletin-disclosure"
    ).exists()
    # Once withdrawn, the same consent no longer carries an identity across the border.
    case_actions.withdraw_consent(worker, consent, on=timezone.localdate())
    again = Api(coordinator).post(
        "/bulletins",
        _identity_body(
            consented_case.person_id, legal_basis="survivor_consent", consent_id=consent.pk
        ),
    )
    assert again.status_code == 422 and "withdrawn" in again.json()["detail"]["consent_id"][0]


def test_identity_with_a_recorded_legal_basis_is_sent(
    users: dict[str, Any], consented_case: Any
) -> None:
    response = Api(users["coordinator"]).post(
        "/bulletins",
        _identity_body(
            consented_case.person_id,
            legal_basis="court_order",
            legal_reference="Ordonnance du juge d'instruction n° 12/2026",
        ),
    )
    assert response.status_code == 201 and response.json()["includes_identity"]


def test_a_person_the_sender_may_not_see_cannot_be_enclosed(
    users: dict[str, Any], consented_case: Any
) -> None:
    before = _written()
    response = Api(users["investigator"]).post(
        "/bulletins",
        _identity_body(
            consented_case.person_id, legal_basis="court_order", legal_reference="Ordonnance 3"
        ),
    )
    assert response.status_code == 422 and "subject_person_id" in response.json()["detail"]
    assert AuditEntry.objects.filter(
        actor_username="investigator", action="denied", person_id=consented_case.person_id
    ).exists()
    assert _written() == before


def test_a_retried_create_returns_the_first_bulletin(users: dict[str, Any]) -> None:
    api = Api(users["investigator"])
    body = bulletin_body(client_id=str(uuid.uuid4()))
    first, second = api.post("/bulletins", body), api.post("/bulletins", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert _written() == (1, 1, 1)
    reused = Api(users["coordinator"]).post("/bulletins", body)
    assert reused.status_code == 422 and "client_id" in reused.json()["detail"]


def test_prosecutors_send_mutual_legal_assistance_requests_only(
    client: Any, users: dict[str, Any]
) -> None:
    api = Api(users["prosecutor"])
    assert api.post("/bulletins", bulletin_body("vehicle")).status_code == 403
    assert api.post("/bulletins", bulletin_body("mla_request")).status_code == 201
    login(client, users["prosecutor"])
    kinds = client.get(reverse("bulletin-compose")).content.decode()
    assert "kind-mla_request" in kinds and "kind-vehicle" not in kinds
    assert client.get(reverse("bulletin-compose") + "?kind=vehicle").status_code == 200
    assert (
        "kind-vehicle"
        not in client.get(reverse("bulletin-compose") + "?kind=vehicle").content.decode()
    )


def test_case_workers_analysts_reporters_and_admins_never_send(users: dict[str, Any]) -> None:
    for role in ("worker", "analyst", "reporter", "admin"):
        assert Api(users[role]).post("/bulletins", bulletin_body()).status_code == 403
    assert _written() == (0, 0, 0)


def test_facts_and_enclosed_identity_are_encrypted_at_rest(
    users: dict[str, Any], consented_case: Any
) -> None:
    from django.db import connection

    Api(users["coordinator"]).post(
        "/bulletins",
        _identity_body(
            consented_case.person_id, legal_basis="court_order", legal_reference="Ordonnance 9"
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, details_json, enclosed_identity FROM bulletins_bulletin")
        stored = " ".join(cursor.fetchone())
    assert "Mamadou" not in stored and "Kédougou" not in stored and "Aïssatou" not in stored
    bulletin = Bulletin.objects.get()
    assert bulletin.details["names"] == ["Mamadou Diallo", "Mamadu Jallow"]
    assert bulletin.identity_data()["names"][0]["full_name"] == "Aïssatou Diallo"
