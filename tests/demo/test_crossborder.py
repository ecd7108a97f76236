"""The demo's cross-border persons: each node gets its own spellings, and the pairs link.

One test database stands for one node, so the linkage test seeds the sightings of the three
countries side by side in it and then encodes each country's persons separately, exactly as
each node would (`jokko.crosslink.persons.person_record`, then the CLK encoder).
"""

from __future__ import annotations

import itertools
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from jokko.audit.actions import verify_chain
from jokko.audit.models import AuditEntry
from jokko.cases.models import Consent
from jokko.crosslink.access import cross_border_consent
from jokko.crosslink.persons import person_record
from jokko.demo.crossborder import CROSS_BORDER_PERSONS, known_in, seed_cross_border
from jokko.linkage.clk import encode_records
from jokko.linkage.pprl import DEFAULT_THRESHOLD, match
from jokko.people.models import NameKind, Person, PersonRole

pytestmark = pytest.mark.django_db

COUNTRIES = ("SN", "MR", "ML")
BLOCK_MARGIN = 0.05
SECRET = b"demo-network-linkage-secret-for-tests-only-0123456789"


@pytest.fixture
def demo_node() -> None:
    call_command("seed_demo", "--cases", "0", stdout=StringIO())


def _names(person: Person) -> list[str]:
    ordered = sorted(person.names.all(), key=lambda n: (n.kind != NameKind.PRIMARY, n.pk))
    return [name.full_name for name in ordered]


def test_each_country_gets_its_own_spellings_through_the_real_actions(demo_node: None) -> None:
    persons = seed_cross_border("SN", log=lambda _line: None)
    expected = known_in("SN")
    assert [_names(p) for p in persons] == [list(s.names) for _person, s in expected]
    assert "TRAORÉ Ousmane" in {name for p in persons for name in _names(p)}
    for person, (plan, sighting) in zip(persons, expected, strict=True):
        assert person.role_list == [plan.role]
        assert person.nationality == sighting.nationality
        assert person.birth_year == int(sighting.birth[:4])
        if plan.role == PersonRole.SURVIVOR:
            # Known to a shelter, with her consent to sharing with another country.
            assert person.owner_organisation.kind == "shelter"
            assert cross_border_consent(person) is not None
        else:
            assert person.owner_organisation.kind == "police"
            assert person.created_by is not None
            assert person.created_by.username == "enqueteur"
    assert verify_chain().ok


def test_seeding_twice_adds_nothing(demo_node: None) -> None:
    out = StringIO()
    # The programme demos (hotline, ODK, HTCDS) already opened a few cases of their own.
    before = Person.objects.filter(suspect_profile__isnull=True).count()
    call_command("seed_crossborder", stdout=out)
    counts = (Person.objects.count(), Consent.objects.count(), AuditEntry.objects.count())
    call_command("seed_crossborder", stdout=out)
    assert (Person.objects.count(), Consent.objects.count(), AuditEntry.objects.count()) == counts
    added = Person.objects.filter(suspect_profile__isnull=True).count() - before
    assert added == len(known_in("SN"))
    assert "(0 new)" in out.getvalue().splitlines()[-1]


def test_share_with_a_peer_queues_the_encodings_once(
    demo_node: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jokko.crosslink.secret import create_secret
    from jokko.federation import envelope
    from jokko.federation.models import OutboxMessage, Peer

    monkeypatch.setenv("JOKKO_LINKAGE_SECRET_FILE", str(create_secret(tmp_path / "linkage")))
    key = envelope.public_key_text(envelope.generate_private_key())
    Peer.objects.create(country="ML", name="Jokko ML", url="http://127.0.0.1:9/", public_key=key)
    out = StringIO()
    call_command("seed_crossborder", "--share-with", "ML", stdout=out)
    call_command("seed_crossborder", "--share-with", "ML", stdout=out)
    sent = OutboxMessage.objects.filter(recipient_country="ML", kind="crosslink.encodings")
    assert sent.count() == 1
    assert "already shared with ML" in out.getvalue()
    # Encodings and pointers only: none of the names leaves the node.
    body = json.dumps(sent.get().body, ensure_ascii=False)
    for _plan, sighting in known_in("SN"):
        assert all(name not in body for name in sighting.names)


def test_every_pair_known_in_two_countries_links_above_the_threshold(demo_node: None) -> None:
    by_country = {
        country: {
            plan.key: person
            for (plan, _s), person in zip(
                known_in(country), seed_cross_border(country, log=lambda _l: None), strict=True
            )
        }
        for country in COUNTRIES
    }
    encoded = {
        country: encode_records(
            [person_record(person, record_id=key) for key, person in persons.items()], SECRET
        )
        for country, persons in by_country.items()
    }
    for left, right in itertools.combinations(COUNTRIES, 2):
        found = match(encoded[left], encoded[right], threshold=DEFAULT_THRESHOLD)
        shared = {p.key for p in CROSS_BORDER_PERSONS if {left, right} <= p.known_in.keys()}
        assert shared, (left, right)
        # Every person both countries know is found, and nobody is paired with someone else.
        assert {(m.left_id, m.right_id) for m in found} == {(key, key) for key in shared}
        # With room to spare: on a demo node, 600 synthetic namesakes enlarge the blocks of
        # common names (Diallo, Ba) and the matcher takes a few hundredths off for that.
        assert all(m.score >= DEFAULT_THRESHOLD + BLOCK_MARGIN for m in found)


def test_the_pairs_differ_in_spelling_script_or_name_order() -> None:
    """What the demo is there to show: none of the pairs is a plain copy of the other."""
    scripts: set[str] = set()
    for plan in CROSS_BORDER_PERSONS:
        spellings = [sighting.names[0] for sighting in plan.known_in.values()]
        assert len(set(spellings)) == len(spellings), plan.key
        scripts.update(
            "arabic" if any("\u0600" <= c <= "\u06ff" for c in s) else "latin" for s in spellings
        )
    assert scripts == {"arabic", "latin"}
    assert sum(plan.role == PersonRole.SURVIVOR for plan in CROSS_BORDER_PERSONS) >= 2
