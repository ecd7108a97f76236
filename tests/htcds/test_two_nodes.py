"""The issue's acceptance test: HTCDS export -> a SECOND, EMPTY node -> export again.

The first node is this test's database; the second is a separate Jokko process with its own
data directory, SQLite database and keys (the harness of tests/federation), driven only through
the command line: `jokko migrate`, `jokko import htcds`, `jokko export htcds`. Every exported
field must come back identical, except the bookkeeping fields x_SourceSystem and x_SourceId
(`ROUND_TRIP_EXEMPT`), which name the exporting node and its own case reference by design.
A re-import of the same file must change nothing: no case, no audit entry.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from jokko.cases.models import Case
from jokko.htcds import exporter
from tests.federation.test_three_nodes import Node
from tests.htcds.helpers import ROUND_TRIP_EXEMPT, rich_case

pytestmark = pytest.mark.slow

SETUP = """
from jokko.accounts.models import Organisation, User
ministry = Organisation.objects.create(name="Cellule ML", kind="ministry", country="ML")
User.objects.create_user(username="coord", password="x", role="coordinator", organisation=ministry)
"""
COUNTS = """
from jokko.audit.models import AuditEntry
from jokko.cases.models import Case
from jokko.people.models import Person
print("COUNTS", Case.objects.count(), Person.objects.count(), AuditEntry.objects.count())
"""


def _counts(node: Node) -> str:
    out = node.run("shell", "-c", COUNTS)
    return next(line for line in out.splitlines() if line.startswith("COUNTS"))


def test_round_trip_through_a_second_empty_node(
    tmp_path: Path, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    first = rich_case(users, orgs)
    closed = rich_case(users, orgs, name="Moussa Diarra")
    from jokko.cases.models import Referral

    Referral.objects.filter(case=closed).update(status="cancelled")
    from jokko.cases import actions

    actions.transition_case(users["worker"], closed, "closed", note="Returned to Kayes")
    records = exporter.export_cases(
        Case.objects.filter(pk__in=[first.pk, closed.pk]), user=users["coordinator"]
    )
    original = tmp_path / "sn.json"
    original.write_bytes(exporter.to_json(records))

    node = Node("ML", tmp_path)
    node.run("migrate", "--noinput", "-v", "0")
    node.run("shell", "-c", SETUP)
    out = node.run(
        "import", "htcds", str(original), "--source-system", "jokko:SN", "--user", "coord"
    )
    assert "2 created, 0 updated, 0 unchanged" in out
    again = tmp_path / "ml.json"
    node.run("export", "htcds", "--out", str(again), "--user", "coord")

    second = json.loads(again.read_text(encoding="utf-8"))
    assert second["source_system"] == "jokko:ML"
    assert len(second["records"]) == len(records)
    for before, after in zip(records, second["records"], strict=True):
        assert set(before) == set(after)
        for name, value in before.items():
            if name in ROUND_TRIP_EXEMPT:
                continue
            assert after[name] == value, name
    assert second["records"][1]["cas_ReasonForCaseClosure"] == "Returned to Kayes"

    counts = _counts(node)
    out = node.run(
        "import", "htcds", str(original), "--source-system", "jokko:SN", "--user", "coord"
    )
    assert "0 created, 0 updated, 2 unchanged" in out
    assert _counts(node) == counts

    # The spreadsheet format makes the same trip (the export audits the identities it reads).
    sheet = tmp_path / "ml.xlsx"
    node.run("export", "htcds", "--out", str(sheet), "--user", "coord")
    counts = _counts(node)
    out = node.run(
        "import", "htcds", str(sheet), "--source-system", "sheet", "--user", "coord", "--dry-run"
    )
    assert "2 created" in out and "nothing written" in out
    assert _counts(node) == counts


def test_command_line_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    node = Node("ML", tmp_path)
    node.run("migrate", "--noinput", "-v", "0")
    node.run("shell", "-c", SETUP)
    truncated = tmp_path / "cut.json"
    truncated.write_text('{"htcds_version": "2.0", "records": [{"prs_Gender": "Femi')
    done = subprocess.run(
        node.command("import", "htcds", str(truncated), "--source-system", "x", "--user", "coord"),
        env=node.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    # The node speaks French by default: the message says the file is not valid JSON.
    assert "pas un JSON valide" in done.stderr and "ligne 1" in done.stderr
    invalid = tmp_path / "bad.json"
    invalid.write_text(json.dumps({"htcds_version": "2.0", "records": [{"prs_Gender": "Male"}]}))
    done = subprocess.run(
        node.command("import", "htcds", str(invalid), "--source-system", "x", "--user", "coord"),
        env=node.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "prs_Gender" in done.stderr
    assert _counts(node).split()[1:3] == ["0", "0"]
