"""The anonymous public form: small, script-free, CSRF-protected, throttled per client, and its
input stored inert."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from jokko.community.models import CommunityReport, ThrottleCounter
from tests.community.helpers import community_network
from tests.conftest import login

pytestmark = pytest.mark.django_db
URL = "/community/report/"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>Des filles au bar <b>Le Lido</b>'


@pytest.fixture(autouse=True)
def _three_per_window(settings: Any) -> None:
    settings.COMMUNITY_THROTTLE = {"public_form": (3, 600), "webhook": (2, 600)}


def _post(client: Client, description: str = "Un homme recrute des filles", **extra: Any) -> Any:
    data = {"client_id": str(uuid.uuid4()), "description": description, **extra}
    return client.post(URL, data, REMOTE_ADDR=extra.pop("ip", "197.149.10.1"))


def test_the_form_is_tiny_without_script_and_in_three_languages(client: Client) -> None:
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 8_000  # loads in seconds on a 2G link
    assert "<script" not in page and "stylesheet" not in page
    assert 'name="viewport"' in page and "csrfmiddlewaretoken" in page
    assert all(f'value="{code}"' in page for code in ("fr", "en", "ar"))
    client.cookies["django_language"] = "ar"
    arabic = client.get(URL).content.decode()
    assert 'dir="rtl"' in arabic


def test_an_anonymous_report_is_received_and_its_number_shown(client: Client) -> None:
    response = _post(client, place_text="Bantaco", urgency="immediate", children_involved="yes")
    assert response.status_code == 200
    report = CommunityReport.objects.get()
    assert report.reference in response.content.decode()
    assert report.reporter is None and report.channel == "public_web"
    assert report.place_code == "SN-KE-BANTACO" and report.urgency == "immediate"


def test_a_signed_in_user_on_the_public_form_stays_anonymous(
    client: Client, users: dict[str, Any]
) -> None:
    login(client, users["reporter"])
    _post(client)
    assert CommunityReport.objects.get().reporter is None


def test_the_form_is_csrf_protected() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, {"description": "sans jeton"})
    assert response.status_code == 403
    assert CommunityReport.objects.count() == 0
    page = strict.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    ok = strict.post(URL, {"description": "avec jeton", "csrfmiddlewaretoken": token.group(1)})
    assert ok.status_code == 200 and CommunityReport.objects.count() == 1


def test_a_resubmitted_form_does_not_create_a_second_report(client: Client) -> None:
    data = {"client_id": str(uuid.uuid4()), "description": "Même signalement"}
    first = client.post(URL, data)
    again = client.post(URL, data)
    assert first.status_code == again.status_code == 200
    assert CommunityReport.objects.count() == 1
    assert ThrottleCounter.objects.get().count == 1  # a retry is not a new report


def test_flooding_the_form_is_throttled_per_client(client: Client) -> None:
    for n in range(3):
        assert _post(client, f"Rapport numéro {n}").status_code == 200
    refused = _post(client, "Le quatrième de la même connexion")
    assert refused.status_code == 429
    assert "Too many reports from this connection" in refused.content.decode()
    assert CommunityReport.objects.count() == 3
    assert not CommunityReport.objects.filter(description__contains="quatrième").exists()
    # Another client is not affected.
    assert _post(client, "Depuis un autre téléphone", ip="41.82.3.4").status_code == 200
    assert CommunityReport.objects.count() == 4


def test_the_throttle_counts_live_in_the_database_under_a_hashed_key(client: Client) -> None:
    """A second web worker (here: a new client, new session) sees the same count."""
    for n in range(3):
        _post(Client(), f"Rapport {n}")
    counter = ThrottleCounter.objects.get(scope="public_form")
    assert counter.count == 3
    assert "197.149" not in counter.client_key and len(counter.client_key) == 32
    assert _post(Client(), "encore").status_code == 429


def test_an_xss_payload_is_stored_inert_and_rendered_escaped(client: Client) -> None:
    _post(client, XSS, place_text="<i>Kédougou</i>")
    report = CommunityReport.objects.get()
    assert "<" not in report.description and "Le Lido" in report.description
    assert report.place_text == "Kédougou"
    operator = community_network()["operator"]
    login(client, operator)
    page = client.get(f"/community/{report.pk}/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page
    assert "Des filles au bar Le Lido" in page


def test_text_that_merely_contains_angle_brackets_is_shown_escaped(client: Client) -> None:
    _post(client, "Ils sont 3 < 5 et l'homme dit > rien")
    report = CommunityReport.objects.get()
    login(client, community_network()["operator"])
    page = client.get(f"/community/{report.pk}/").content.decode()
    assert "3 &lt; 5 et l&#x27;homme dit &gt; rien" in page


def test_bidi_overrides_and_invisible_characters_are_removed(client: Client) -> None:
    _post(
        client, "Appelez le \u202e22 11 000 77\u202c svp\u200b", contact="\u2067+221770001122\u2069"
    )
    report = CommunityReport.objects.get()
    assert report.description == "Appelez le 22 11 000 77 svp"
    assert report.contact == "+221770001122"


def test_an_overlong_report_gets_a_clear_message_and_nothing_is_stored(client: Client) -> None:
    response = _post(client, "a" * 4001)
    assert response.status_code == 400
    assert "4001 characters, 4000 at most" in response.content.decode()
    assert CommunityReport.objects.count() == 0


def test_behind_a_proxy_the_configured_header_names_the_client(
    client: Client, settings: Any
) -> None:
    settings.COMMUNITY_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(3):
        data = {"client_id": str(uuid.uuid4()), "description": f"Rapport {n}"}
        client.post(URL, data, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="197.149.10.1")
    data = {"client_id": str(uuid.uuid4()), "description": "Un autre client, même proxy"}
    other = client.post(URL, data, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="41.82.3.4")
    assert other.status_code == 200
    data = {"client_id": str(uuid.uuid4()), "description": "Le premier, encore"}
    again = client.post(URL, data, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="197.149.10.1")
    assert again.status_code == 429


def test_a_flood_without_client_ids_is_throttled_too(client: Client) -> None:
    for n in range(3):
        assert client.post(URL, {"description": f"sans identifiant {n}"}).status_code == 200
    assert client.post(URL, {"description": "encore"}).status_code == 429
    assert CommunityReport.objects.count() == 3
