"""Node identity, peer registration (command line and admin) and the status page."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.federation import conf, envelope, keys
from jokko.federation.models import OutboxMessage, Peer
from tests.conftest import login
from tests.federation.helpers import RemotePeer, post_inbox


def test_the_key_file_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "node.key"
    keys.ensure_key_file(path, required=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = envelope.public_key_text(keys.load_key_file(path))
    keys.ensure_key_file(path, required=False)
    assert envelope.public_key_text(keys.load_key_file(path)) == first


def test_production_refuses_to_invent_a_key(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    with pytest.raises(keys.NodeKeyMissing):
        keys.ensure_key_file(path, required=True)
    assert not path.exists()


def test_the_start_up_check_fails_without_the_key_in_production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from jokko.federation.checks import node_key_present

    settings.JOKKO_NODE_KEY_FILE = str(tmp_path / "absent.key")
    monkeypatch.setenv("JOKKO_REQUIRE_KEY_FILE", "1")
    assert [error.id for error in node_key_present()] == ["jokko.federation.E001"]
    monkeypatch.delenv("JOKKO_REQUIRE_KEY_FILE")
    assert node_key_present() == []


def test_node_info_prints_what_peers_register(db: Any) -> None:
    out = io.StringIO()
    call_command("node_info", "--json", stdout=out)
    info = json.loads(out.getvalue())
    assert info == {
        "country": "SN",
        "url": conf.node_url(),
        "public_key": keys.node_identity().public_key,
    }
    envelope.parse_public_key(info["public_key"])


def test_add_peer_registers_and_updates_a_peer_with_an_audit_entry(db: Any) -> None:
    remote = RemotePeer("ML")
    call_command(
        "add_peer",
        "--country",
        "ml",
        "--url",
        "http://127.0.0.1:8002/",
        "--public-key",
        remote.public_key,
        stdout=io.StringIO(),
    )
    peer = Peer.objects.get()
    assert (peer.country, peer.url, peer.active) == ("ML", "http://127.0.0.1:8002", True)
    newer = RemotePeer("ML")
    call_command(
        "add_peer",
        "--country=ML",
        "--url=https://jokko.example.ml",
        f"--public-key={newer.public_key}",
        stdout=io.StringIO(),
    )
    assert Peer.objects.get().public_key == newer.public_key
    assert list(AuditEntry.objects.filter(object_type="peer").values_list("action", flat=True)) == [
        "create",
        "update",
    ]


@pytest.mark.parametrize(
    ("country", "url", "public_key"),
    [
        ("SN", "http://127.0.0.1:8001", None),  # ourselves
        ("Mali", "http://127.0.0.1:8001", None),
        ("ML", "not an address", None),
        ("ML", "http://127.0.0.1:8001", "QUJD"),
        ("ML", "http://jokko.example.ml", None),  # plain http beyond this machine
        ("ML", "ftp://jokko.example.ml", None),
    ],
)
def test_add_peer_refuses_bad_input_and_changes_nothing(
    db: Any, country: str, url: str, public_key: str | None
) -> None:
    key = public_key or RemotePeer().public_key
    with pytest.raises(CommandError):
        call_command("add_peer", f"--country={country}", f"--url={url}", f"--public-key={key}")
    assert not Peer.objects.exists()


def test_the_admin_registers_peers_through_the_audited_action(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["admin"])
    remote = RemotePeer("MR")
    form = {
        "country": "MR",
        "name": "Jokko Mauritanie",
        "url": "http://127.0.0.1:8001",
        "public_key": remote.public_key,
        "active": "on",
    }
    bad = client.post(reverse("admin:federation_peer_add"), {**form, "public_key": "xyz"})
    assert bad.status_code == 200 and not Peer.objects.exists()
    response = client.post(reverse("admin:federation_peer_add"), form)
    assert response.status_code == 302
    assert Peer.objects.get().public_key == remote.public_key
    assert AuditEntry.objects.filter(object_type="peer", actor_username="admin").exists()


def test_the_status_page_shows_identity_peers_queue_and_refusals(
    client: Any, users: dict[str, Any], mali: RemotePeer
) -> None:
    post_inbox(client, mali.signed(mali.envelope(recipient="MR")))  # a refusal to show
    login(client, users["coordinator"])
    page = client.get(reverse("federation-status")).content.decode()
    assert keys.node_identity().public_key in page
    assert "Jokko Mali" in page
    assert 'data-reason="wrong_recipient"' in page
    response = client.post(reverse("federation-ping", kwargs={"country": "ML"}), follow=True)
    assert response.status_code == 200
    ping = OutboxMessage.objects.get()
    assert ping.kind == "federation.ping" and ping.recipient_country == "ML"
    assert "federation.ping" in response.content.decode()  # now in the outbox queue
    assert AuditEntry.objects.filter(
        object_type="federation_ping", actor_username="coordinator"
    ).exists()


def test_the_status_page_is_refused_to_other_roles(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    assert client.get(reverse("federation-status")).status_code == 403
    assert AuditEntry.objects.filter(action="denied", actor_username="worker").exists()


def test_the_status_api_reports_peers_and_the_queue(
    users: dict[str, Any], mali: RemotePeer
) -> None:
    from django.test import Client

    from jokko.accounts.models import ApiToken
    from jokko.federation import messaging

    messaging.send("ML", "federation.ping", {})
    _, raw = ApiToken.issue(users["admin"])
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    body = api.get("/api/v1/federation/status").json()
    assert body["country"] == "SN" and body["public_key"] == keys.node_identity().public_key
    assert [(p["country"], p["pending"]) for p in body["peers"]] == [("ML", 1)]
    assert body["outbox"] == {"pending": 1, "delivered": 0, "expired": 0}
    _, raw = ApiToken.issue(users["worker"])
    refused = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/federation/status")
    assert refused.status_code == 403
