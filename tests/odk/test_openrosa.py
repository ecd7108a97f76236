"""ODK Collect talking to Jokko directly: formList, form download, HEAD and POST submission."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.cases.models import Case
from jokko.odk.models import Submission
from tests.odk import samples
from tests.odk.test_malformed import BILLION_LAUGHS

pytestmark = pytest.mark.django_db
BASE = "/odk/openrosa"
NS = {"x": "http://openrosa.org/xforms/xformsList"}


def _collect(user: Any) -> dict[str, str]:
    """The headers ODK Collect sends once configured with a username and an API token."""
    _, token = ApiToken.issue(user, label="Collect")
    raw = base64.b64encode(f"{user.username}:{token}".encode()).decode()
    return {"Authorization": f"Basic {raw}", "X-OpenRosa-Version": "1.0"}


def test_collect_is_challenged_then_lists_and_downloads_the_forms(users: dict[str, Any]) -> None:
    client = Client()
    challenge = client.get(f"{BASE}/formList")
    assert challenge.status_code == 401
    assert challenge["WWW-Authenticate"].startswith("Basic")
    headers = _collect(users["coordinator"])
    listing = client.get(f"{BASE}/formList", headers=headers)
    assert listing.status_code == 200
    assert listing["X-OpenRosa-Version"] == "1.0"
    root = ElementTree.fromstring(listing.content)
    forms = {x.findtext("x:formID", namespaces=NS): x for x in root.findall("x:xform", NS)}
    assert set(forms) == {"jokko_identification", "jokko_community_report"}
    entry = forms["jokko_identification"]
    url = entry.findtext("x:downloadUrl", namespaces=NS)
    assert url is not None
    xform = client.get(url, headers=headers)
    assert xform.status_code == 200
    expected = "md5:" + hashlib.md5(xform.content).hexdigest()  # noqa: S324
    assert entry.findtext("x:hash", namespaces=NS) == expected


def test_a_shelter_worker_lists_only_the_identification_form(users: dict[str, Any]) -> None:
    listing = Client().get(f"{BASE}/formList", headers=_collect(users["worker"]))
    assert b"jokko_identification" in listing.content
    assert b"jokko_community_report" not in listing.content


def test_wrong_token_or_role_is_refused(users: dict[str, Any]) -> None:
    client = Client()
    raw = base64.b64encode(b"worker:jk_not-a-token").decode()
    assert (
        client.get(f"{BASE}/formList", headers={"Authorization": f"Basic {raw}"}).status_code == 401
    )
    # Someone else's token with this username: refused too.
    _, token = ApiToken.issue(users["coordinator"])
    raw = base64.b64encode(f"worker:{token}".encode()).decode()
    assert (
        client.get(f"{BASE}/formList", headers={"Authorization": f"Basic {raw}"}).status_code == 401
    )
    assert client.get(f"{BASE}/formList", headers=_collect(users["analyst"])).status_code == 403


def _send(client: Client, headers: dict[str, str], xml: bytes) -> Any:
    return client.post(
        f"{BASE}/submission",
        {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")},
        headers=headers,
    )


def test_collect_sends_a_submission_twice_and_one_case_is_created(users: dict[str, Any]) -> None:
    client = Client()
    headers = _collect(users["worker"])
    head = client.head(f"{BASE}/submission", headers=headers)
    assert head.status_code == 204
    assert int(head["X-OpenRosa-Accept-Content-Length"]) > 0
    xml = samples.odk_xml(samples.IDENTIFICATION_ANSWERS)
    first = _send(client, headers, xml)
    assert first.status_code == 201, first.content
    retry = _send(client, headers, xml)
    assert retry.status_code == 202
    case = Case.objects.get()
    assert case.reference.encode() in first.content
    assert case.organisation == users["worker"].organisation
    assert Submission.objects.get().received_by == users["worker"]


def test_collect_gets_the_reasons_of_a_refusal(users: dict[str, Any]) -> None:
    client = Client()
    headers = _collect(users["worker"])
    bomb = _send(client, headers, BILLION_LAUGHS)
    assert bomb.status_code == 400
    assert b"DTD or entity" in bomb.content
    answers = {k: dict(v) for k, v in samples.IDENTIFICATION_ANSWERS.items()}
    answers["survivor"]["sex"] = "dragon"
    bad = _send(client, headers, samples.odk_xml(answers))
    assert bad.status_code == 400
    assert b"dragon" in bad.content
    missing = client.post(f"{BASE}/submission", {}, headers=headers)
    assert missing.status_code == 400
    assert Case.objects.count() == 0


def test_a_browser_session_alone_cannot_post_a_submission(users: dict[str, Any]) -> None:
    """The endpoint is CSRF-exempt for Collect: a signed-in browser must not be usable."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["worker"])
    assert client.get(f"{BASE}/formList").status_code == 200
    refused = _send(client, {}, samples.odk_xml(samples.IDENTIFICATION_ANSWERS))
    assert refused.status_code == 401
    assert Case.objects.count() == 0
