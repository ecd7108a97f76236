"""Two nodes in one test database: Senegal (this node, SN) and Mali (ML).

Each node's persons are owned by its own country's organisations, which is how a node tells
its persons apart (`jokko.crosslink.encodings.node_persons`). `Network.deliver` takes what one
node's actions left in the outbox and posts it, signed with the sender's key, to the real
federation inbox while the process plays the receiving node (`as_node`): the handlers run
exactly as they would on the other machine, on the JSON that crossed the wire.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from tests.federation.helpers import RemotePeer

COUNTRIES = ("SN", "ML", "MR")


@contextmanager
def as_node(country: str) -> Iterator[None]:
    """Run the block as the node of `country` (settings and the cached node identity)."""
    from jokko.federation.keys import node_identity

    previous = django_settings.NODE_COUNTRY
    django_settings.NODE_COUNTRY = country
    node_identity.cache_clear()
    try:
        yield
    finally:
        django_settings.NODE_COUNTRY = previous
        node_identity.cache_clear()


class Network:
    def __init__(self) -> None:
        from jokko.federation.models import Peer

        self.keys = {country: RemotePeer(country) for country in COUNTRIES}
        for country, remote in self.keys.items():
            Peer.objects.create(
                country=country,
                name=f"Jokko {country}",
                url=f"http://127.0.0.1:9/{country.lower()}",
                public_key=remote.public_key,
            )

    def outbox(self, to: str, kind: str | None = None) -> list[Any]:
        from jokko.federation.models import OutboxMessage, OutboxStatus

        messages = OutboxMessage.objects.filter(recipient_country=to, status=OutboxStatus.PENDING)
        if kind:
            messages = messages.filter(kind=kind)
        return list(messages.order_by("id"))

    def post(self, client: Any, *, sender: str, to: str, kind: str, body: dict[str, Any]) -> Any:
        """One message written by hand (a misbehaving peer), signed and posted to `to`."""
        import uuid

        from jokko.federation import envelope

        now = envelope.format_time(timezone.now())
        env = {
            "message_id": str(uuid.uuid4()),
            "sender": sender,
            "recipient": to,
            "kind": kind,
            "created_at": now,
            "sent_at": now,
            "expires_at": None,
            "body": body,
        }
        with as_node(to):
            return client.post(
                "/federation/inbox/",
                data=self.keys[sender].signed(env),
                content_type="application/json",
            )

    def deliver(self, client: Any, *, sender: str, to: str) -> list[dict[str, Any]]:
        """Post every pending message for `to` to its inbox as `sender`; returns the bodies."""
        from jokko.federation import envelope
        from jokko.federation.models import OutboxMessage, OutboxStatus

        bodies = []
        for message in self.outbox(to):
            now = timezone.now()
            env = {
                "message_id": str(message.message_id),
                "sender": sender,
                "recipient": to,
                "kind": message.kind,
                "created_at": envelope.format_time(message.created_at),
                "sent_at": envelope.format_time(now),
                "expires_at": envelope.format_time(message.expires_at),
                "body": message.body,
            }
            raw = self.keys[sender].signed(env)
            with as_node(to):
                response = client.post(
                    "/federation/inbox/", data=raw, content_type="application/json"
                )
            assert response.status_code == 200, response.content
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxStatus.DELIVERED, delivered_at=now
            )
            bodies.append(json.loads(json.dumps(message.body)))
        return bodies


@pytest.fixture(autouse=True)
def _pages_in_english(client: Any) -> None:
    """Pages answer in the language the user picked; these tests read English text."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def login(client: Any, user: Any) -> Any:
    """Log in as `user`, reading pages in English (logging out forgets the language)."""
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def network(db: Any) -> Network:
    return Network()


@pytest.fixture
def linkage_secret(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from jokko.crosslink.secret import create_secret

    path = tmp_path / "linkage.secret"
    monkeypatch.setenv("JOKKO_LINKAGE_SECRET_FILE", str(path))
    create_secret(path)
    return path


@pytest.fixture
def mali(db: Any) -> dict[str, Any]:
    """Mali's node: its organisations and users (its persons are created by the tests)."""
    from jokko.accounts.models import Organisation, User

    police = Organisation.objects.create(
        name="Brigade des mœurs Bamako", kind="police", country="ML"
    )
    ministry = Organisation.objects.create(
        name="Comité national Mali", kind="ministry", country="ML"
    )
    shelter = Organisation.objects.create(name="Foyer Bamako", kind="shelter", country="ML")
    users = {}
    for key, role, org in (
        ("ml_coordinator", "coordinator", ministry),
        ("ml_investigator", "investigator", police),
        ("ml_worker", "case_worker", shelter),
    ):
        users[key] = User.objects.create_user(
            username=key, password="pw", role=role, organisation=org, email=f"{key}@example.ml"
        )
    return users


def register(
    actor: Any,
    names: list[str],
    *,
    roles: tuple[str, ...] = ("suspect",),
    sex: str = "male",
    birth_year: int | None = 1990,
    birth_date: datetime.date | None = None,
    nationality: str = "SN",
) -> Any:
    from jokko.people.actions import PersonInput, register_person

    person, _ = register_person(
        actor,
        PersonInput(
            names=names,
            roles=list(roles),
            sex=sex,
            birth_year=birth_year,
            birth_date=birth_date,
            birth_precision="exact" if birth_date else "year",
            nationality=nationality,
        ),
    )
    return person


def dated(case: Any) -> Any:
    """The survivor's exact birth date is known (registration in the fixture gives a year)."""
    from jokko.people.models import Person

    Person.objects.filter(pk=case.person_id).update(
        birth_date=datetime.date(2007, 2, 1), birth_precision="exact"
    )
    case.person.refresh_from_db()
    return case
