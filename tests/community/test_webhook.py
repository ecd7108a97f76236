"""The RapidPro webhook: shared key, clear 400s that write nothing, idempotent runs, a reference
the flow can send back, and a per-contact throttle."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from jokko.community.models import CommunityReport, ThrottleCounter
from jokko.community.webhook_auth import issue_webhook_key
from tests.community.test_rapidpro_payload import LEGACY

pytestmark = pytest.mark.django_db
URL = "/community/webhooks/rapidpro/"


@pytest.fixture
def key(settings: Any) -> str:
    settings.COMMUNITY_THROTTLE = {"public_form": (3, 600), "webhook": (2, 600)}
    return issue_webhook_key("RapidPro Sénégal")[1]


def post(key: str | None, body: Any, **headers: str) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    if key is not None:
        headers["Authorization"] = f"Token {key}"
    client = Client()
    client.cookies["django_language"] = "en"
    return client.post(URL, raw, content_type="application/json", headers=headers)


def payload(run: str = "run-1", urn: str = "tel:+221770001122", text: str = "") -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(LEGACY)
    data["run"]["uuid"] = run
    data["contact"]["urn"] = urn
    if text:
        data["results"]["signalement"]["value"] = text
    return data


def test_a_flow_run_becomes_a_report_and_gets_its_reference_back(key: str) -> None:
    response = post(key, payload())
    assert response.status_code == 201
    answer = response.json()
    report = CommunityReport.objects.get()
    assert answer["reference"] == report.reference and answer["created"] is True
    assert report.reference in answer["message"]
    assert report.channel == "sms" and report.external_id == "run:run-1"
    assert report.place_code == "SN-KE-BANTACO" and report.urgency == "immediate"
    assert report.children_involved is True and report.persons_count == 4
    assert report.contact == "tel:+221770001122"


def test_a_retried_run_returns_the_same_report(key: str) -> None:
    first = post(key, payload()).json()
    again = post(key, payload())
    assert again.status_code == 200 and again.json()["reference"] == first["reference"]
    assert CommunityReport.objects.count() == 1


@pytest.mark.parametrize("header", [None, "Token wrong", "Basic abc"])
def test_calls_without_the_shared_key_are_refused(key: str, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = post(None, payload(), **headers)
    assert response.status_code == 401
    assert CommunityReport.objects.count() == 0


def test_a_revoked_key_no_longer_works(key: str) -> None:
    from django.utils import timezone

    from jokko.community.models import WebhookKey

    WebhookKey.objects.update(revoked_at=timezone.now())
    assert post(key, payload()).status_code == 401


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{broken", "not valid JSON"),
        ({"flow": {"uuid": "f"}, "results": {}}, "Missing field: contact"),
        ({"contact": {"urn": "tel:1"}, "flow": {"uuid": "f"}, "results": {}}, "description"),
    ],
)
def test_bad_bodies_get_a_400_with_a_clear_message_and_write_nothing(
    key: str, body: Any, message: str
) -> None:
    response = post(key, body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert CommunityReport.objects.count() == 0
    assert ThrottleCounter.objects.count() == 0


def test_an_invalid_report_in_a_valid_body_is_a_400(key: str) -> None:
    response = post(key, payload(text="<b></b>"))
    assert response.status_code == 400 and "description" in response.json()["detail"]
    assert CommunityReport.objects.count() == 0


def test_one_contact_flooding_the_chatbot_is_throttled(key: str) -> None:
    assert post(key, payload("r1")).status_code == 201
    assert post(key, payload("r2")).status_code == 201
    refused = post(key, payload("r3"))
    assert refused.status_code == 429
    assert "Too many reports from this contact" in refused.json()["detail"]
    assert CommunityReport.objects.count() == 2
    assert post(key, payload("r4", urn="tel:+221760000000")).status_code == 201
    # A retry of an accepted run is still answered (not a new report).
    assert post(key, payload("r1")).status_code == 200
    assert "221" not in "".join(ThrottleCounter.objects.values_list("client_key", flat=True))


def test_the_webhook_key_command_prints_a_working_key() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("community_webhook_key", "Chatbot WhatsApp", stdout=out)
    assert post(out.getvalue().strip(), payload()).status_code == 201


def test_the_node_administrator_revokes_a_key_in_the_admin(key: str, users: dict[str, Any]) -> None:
    from jokko.community.models import WebhookKey
    from tests.conftest import login

    admin = Client()
    login(admin, users["admin"])
    listed = admin.get("/admin/community/webhookkey/")
    assert listed.status_code == 200 and "RapidPro Sénégal" in listed.content.decode()
    assert key not in listed.content.decode()
    webhook_key = WebhookKey.objects.get()
    admin.post(
        "/admin/community/webhookkey/",
        {"action": "revoke", "_selected_action": [webhook_key.pk]},
    )
    assert post(key, payload()).status_code == 401
