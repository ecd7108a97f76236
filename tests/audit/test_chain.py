"""The audit log: chained, append-only in the database, verifiable with one command."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from jokko.audit.actions import record, verify_chain
from jokko.audit.models import GENESIS_HASH, AuditEntry

pytestmark = pytest.mark.django_db


def _three(users: dict[str, Any]) -> list[AuditEntry]:
    return [record(users["worker"], "read", "person", i, person_id=i) for i in (1, 2, 3)]


def test_entries_chain_to_each_other(users: dict[str, Any]) -> None:
    first, second, third = _three(users)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    assert verify_chain().ok
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "audit chain OK: 3 entries" in out.getvalue()


def test_the_model_refuses_edits_and_deletes(users: dict[str, Any]) -> None:
    entry = _three(users)[0]
    entry.action = "update"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'update'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_edits_and_deletes(users: dict[str, Any], statement: str) -> None:
    _three(users)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.count() == 3
    assert verify_chain().ok


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")


def test_verification_finds_an_edited_entry(users: dict[str, Any]) -> None:
    _first, second, _third = _three(users)
    _drop_triggers()  # an attacker with SQL access
    AuditEntry.objects.filter(pk=second.pk).update(actor_username="someone-else")
    report = verify_chain()
    assert report.first_broken_id == second.pk
    assert "edited" in report.reason
    with pytest.raises(CommandError, match=f"BROKEN at entry {second.pk}"):
        call_command("audit_verify", stdout=StringIO())


def test_verification_finds_a_removed_entry(users: dict[str, Any]) -> None:
    _first, second, third = _three(users)
    _drop_triggers()
    AuditEntry.objects.filter(pk=second.pk).delete()
    report = verify_chain()
    assert report.first_broken_id == third.pk
    assert "removed" in report.reason
