"""The node's own encodings and the network secret: incremental refresh, audit, commands."""

from __future__ import annotations

import datetime
import os
import stat
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.crosslink.encodings import (
    key_check,
    load_node_set,
    refresh_local_encodings,
)
from jokko.crosslink.models import LocalEncoding
from jokko.crosslink.persons import person_record
from jokko.crosslink.secret import LinkageSecretMissing, load_secret
from jokko.linkage.clk import EncodedSet, encode_records
from jokko.linkage.records import PersonRecord, split_name
from jokko.people.actions import add_alias
from tests.crosslink.conftest import login, register

pytestmark = pytest.mark.django_db


def test_person_records_split_names_map_sex_and_keep_the_birth_precision(
    users: dict[str, Any],
) -> None:
    person = register(
        users["investigator"],
        ["Mamadou Lamine Diallo", "Mamadu Jallow", "ممادو جالو"],
        birth_date=datetime.date(1990, 4, 12),
    )
    record = person_record(person)
    assert record == PersonRecord(
        id=str(person.pk),
        given_name="Mamadou Lamine",
        family_name="Diallo",
        other_names=("Mamadu Jallow", "ممادو جالو"),
        sex="M",
        birth_date="1990-04-12",
        nationality="SN",
    )
    woman = register(users["investigator"], ["Awa"], sex="female", birth_year=1999)
    assert person_record(woman, record_id="tok").birth_date == "1999"
    assert person_record(woman, record_id="tok").sex == "F"
    assert person_record(woman, record_id="tok").id == "tok"
    assert split_name("Awa") == ("Awa", "")


def test_refresh_encodes_only_new_and_changed_persons_and_audits_each_batch(
    users: dict[str, Any], mali: dict[str, Any], linkage_secret: Any
) -> None:
    secret = load_secret()
    first = register(users["investigator"], ["Mamadou Diallo"])
    second = register(users["investigator"], ["Ousmane Sow"])
    register(mali["ml_investigator"], ["Seydou Traoré"])  # Mali's person: not ours to encode
    report = refresh_local_encodings(secret)
    assert (report.encoded, report.total) == (2, 2)
    entry = AuditEntry.objects.get(detail__purpose="crosslink-encode")
    assert entry.actor_username == "system" and sorted(entry.detail["persons"]) == sorted(
        [first.pk, second.pk]
    )
    assert refresh_local_encodings(secret).encoded == 0

    add_alias(users["investigator"], first, "Mamadu Jallow")  # does not touch updated_at
    assert refresh_local_encodings(secret).encoded == 1
    second.nationality = "GN"
    second.save()
    assert refresh_local_encodings(secret).encoded == 1
    assert refresh_local_encodings(secret).encoded == 0
    assert set(LocalEncoding.objects.values_list("person_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_a_new_secret_reencodes_everyone(
    users: dict[str, Any], linkage_secret: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jokko.crosslink.secret import create_secret

    register(users["investigator"], ["Mamadou Diallo"])
    refresh_local_encodings(load_secret())
    other = tmp_path / "new.secret"
    create_secret(other)
    monkeypatch.setenv("JOKKO_LINKAGE_SECRET_FILE", str(other))
    new = load_secret()
    assert refresh_local_encodings(new).encoded == 1
    assert set(LocalEncoding.objects.values_list("key_check", flat=True)) == {key_check(new)}


def test_the_node_set_is_the_stored_encodings_joined(
    users: dict[str, Any], linkage_secret: Any
) -> None:
    """Joined one-record sets match exactly like one set encoded at once."""
    from jokko.linkage import pprl

    secret = load_secret()
    people = [
        register(users["investigator"], ["Mamadou Diallo"], birth_date=datetime.date(1990, 4, 12)),
        register(users["investigator"], ["Ousmane Sow"], birth_date=datetime.date(1970, 1, 2)),
    ]
    refresh_local_encodings(secret)
    joined = load_node_set(secret)
    assert joined is not None and joined.ids == [str(p.pk) for p in people]
    whole = encode_records([person_record(p) for p in people], secret)
    probe = encode_records(
        [
            PersonRecord(
                "q", "Mamadou", "Diallo", birth_date="1990-04-12", sex="M", nationality="SN"
            )
        ],
        secret,
    )
    assert pprl.match(joined, probe, threshold=0.5) == pprl.match(whole, probe, threshold=0.5)
    assert [m.left_id for m in pprl.match(joined, probe, threshold=0.5)] == [str(people[0].pk)]
    again = EncodedSet.concatenate([EncodedSet.from_bytes(whole.to_bytes())])
    assert again.ids == whole.ids


def test_the_secret_commands_create_import_and_check(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any, db: Any
) -> None:
    target = tmp_path / "keys" / "linkage.secret"
    monkeypatch.setenv("JOKKO_LINKAGE_SECRET_FILE", str(target))
    with pytest.raises(LinkageSecretMissing, match="crosslink_secret import"):
        load_secret()
    with pytest.raises(CommandError, match="linkage secret is missing"):
        call_command("crosslink_refresh")
    call_command("crosslink_secret", "create")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    out = capsys.readouterr().out
    assert f"Key check: {key_check(load_secret())}" in out
    with pytest.raises(CommandError, match="already exists"):
        call_command("crosslink_secret", "create")

    short = tmp_path / "short.secret"
    short.write_text("too short\n")
    with pytest.raises(CommandError, match="at least 32 bytes"):
        call_command("crosslink_secret", "import", str(short), "--replace")
    received = tmp_path / "received.secret"
    received.write_text("b" * 64 + "\n")
    with pytest.raises(CommandError, match="already exists"):
        call_command("crosslink_secret", "import", str(received))
    call_command("crosslink_secret", "import", str(received), "--replace")
    assert load_secret() == b"b" * 64
    call_command("crosslink_secret", "check")
    assert key_check(b"b" * 64) in capsys.readouterr().out


def test_pages_say_when_the_secret_is_missing(
    client: Any, users: dict[str, Any], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOKKO_LINKAGE_SECRET_FILE", str(tmp_path / "absent"))
    login(client, users["coordinator"])
    page = client.get(reverse("crosslink-home")).content.decode()
    assert 'id="secret-missing"' in page and "crosslink_secret import" in page


def test_the_node_set_follows_changes_without_reparsing_everything(
    users: dict[str, Any], linkage_secret: Any
) -> None:
    import numpy as np

    from jokko.crosslink import encodings

    secret = load_secret()
    born = datetime.date(1990, 4, 12)
    people = [
        register(users["investigator"], [name], birth_date=born)
        for name in ("Mamadou Diallo", "Ousmane Sow", "Awa Ndiaye")
    ]
    refresh_local_encodings(secret)
    first = load_node_set(secret)
    assert first is not None and first.ids == [str(p.pk) for p in people]

    def whole() -> EncodedSet:
        from jokko.people.models import Person

        return encode_records(
            [person_record(p) for p in Person.objects.order_by("pk").prefetch_related("names")],
            secret,
        )

    add_alias(users["investigator"], people[1], "Usman Sow")
    newcomer = register(users["investigator"], ["Fatou Sall"], birth_date=born)
    refresh_local_encodings(secret)
    updated = load_node_set(secret)
    assert updated is not None
    assert sorted(updated.ids) == sorted(str(p.pk) for p in [*people, newcomer])
    expected = whole()
    order = [updated.ids.index(i) for i in expected.ids]
    assert np.array_equal(updated.bits[order], expected.bits)
    probe = encode_records([PersonRecord("q", "Usman", "Sow", birth_date="1990-04-12")], secret)
    assert [m.left_id for m in encodings.match_against_node(probe, secret)] == [str(people[1].pk)]

    people[2].delete()  # a count that does not add up: rebuilt whole
    rebuilt = load_node_set(secret)
    assert rebuilt is not None and str(people[2].pk) not in rebuilt.ids and len(rebuilt) == 3
