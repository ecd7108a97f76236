"""`jokko backup` while the server writes, `jokko restore` into a fresh node: nothing lost.

On SQLite or PostgreSQL, whichever the suite runs on. The restored node is compared with the
source table by table and row by row (read directly with the database driver, not through the
code under test), its audit chain verifies, its key files are the source's (a survivor's name
is readable through the restored node's API), and `restore` refuses a damaged, edited or
incomplete backup, or a non-empty target, without changing anything.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import (
    JOKKO,
    Node,
    base_env,
    case_body,
    new_pg_database,
    pg_execute,
    pg_url,
    postgres_base,
)

pytestmark = pytest.mark.slow


MANIFEST = "manifest.json"


def node_language(message: str, **params: str) -> str:
    """`message` as the node's commands print it: in the node's language (French by default)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message) % params if params else translation.gettext(message)


class Target:
    """An empty node to restore into: a new data directory and an empty database."""

    def __init__(self, root: Path) -> None:
        self.data_dir = root / f"restored-{uuid.uuid4().hex[:6]}"
        self.data_dir.mkdir()
        self.pg_name = new_pg_database() if postgres_base() else ""
        url = pg_url(self.pg_name) if self.pg_name else f"sqlite:///{self.data_dir / 'db.sqlite3'}"
        self.env = base_env(self.data_dir, url)

    def jokko(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*JOKKO, *args], env=self.env, capture_output=True, text=True, timeout=300
        )

    def drop(self) -> None:
        if self.pg_name:
            pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def _tables(node: Node | Target) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in primary-key order (all Jokko and Django tables have `id` or a key)."""
    if node.pg_name:
        import psycopg

        with psycopg.connect(pg_url(node.pg_name)) as conn:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {
                name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()  # noqa: S608
                for name in names
            }
    import sqlite3

    path = node.sqlite if isinstance(node, Node) else node.data_dir / "db.sqlite3"
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            )
        ]
        return {
            name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()  # noqa: S608
            for name in names
        }
    finally:
        conn.close()


def _counts(target: Target) -> dict[str, int]:
    """Rows per table: enough to see that a refused restore changed nothing."""
    return {name: len(rows) for name, rows in _tables(target).items()}


def _restored_client_ids(target: Target) -> set[str]:
    rows = _tables(target)["cases_case"]
    # client_id's column position differs by engine; find it by value shape.
    found = set()
    for row in rows:
        for value in row:
            try:
                found.add(uuid.UUID(str(value)).hex)
            except ValueError:
                continue
    return found


def test_backup_during_writes_restores_everything(make_node: Any, faults_root: Path) -> None:
    node: Node = make_node()
    node.start()
    acked: list[str] = []
    stop = threading.Event()

    def write() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            client_id = str(uuid.uuid4())
            status, answer = node.api(
                "POST", "/cases", case_body(client_id, f"Awa Ndiaye {number}")
            )
            assert status == 201, answer
            acked.append(uuid.UUID(client_id).hex)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    targets: list[Target] = []
    try:
        while len(acked) < 5:
            assert writer.is_alive(), node.log_tail()
            stop.wait(0.05)
        acked_before = set(acked)
        online = faults_root / f"backup-{uuid.uuid4().hex[:6]}"
        out = node.jokko("backup", f"--out={online}").stdout  # the writer keeps writing
        assert str(online) in out
        while len(acked) < len(acked_before) + 3:  # writes went on during and after it
            assert writer.is_alive(), node.log_tail()
            stop.wait(0.05)
        stop.set()
        writer.join(timeout=30)

        # 1. The online backup restores into an empty node, whole and verified.
        target = Target(faults_root)
        targets.append(target)
        done = target.jokko("restore", str(online))
        assert done.returncode == 0, done.stderr
        assert acked_before <= _restored_client_ids(target)  # acknowledged before: all there
        assert "audit chain OK" in target.jokko("audit_verify").stdout
        manifest = json.loads((online / "manifest.json").read_text())
        restored = _tables(target)
        assert {t: len(rows) for t, rows in restored.items()} == {
            t: stats["rows"] for t, stats in manifest["tables"].items()
        }
        field_key = node.data_dir / "keys" / "field.key"
        assert (target.data_dir / "keys" / "field.key").read_bytes() == field_key.read_bytes()

        # 2. A quiet node backed up and restored: every table identical, row for row.
        node.kill_server()
        quiet = faults_root / f"backup-{uuid.uuid4().hex[:6]}"
        node.jokko("backup", f"--out={quiet}")
        again = Target(faults_root)
        targets.append(again)
        done = again.jokko("restore", str(quiet))
        assert done.returncode == 0, done.stderr
        source_tables = _tables(node)
        assert _tables(again) == source_tables
        assert sum(len(rows) for rows in source_tables.values()) > 1000

        # The restored node reads the survivors' encrypted names with the restored key.
        restored_node = Node.__new__(Node)
        restored_node.__dict__.update(node.__dict__)
        restored_node.env = {**again.env, "JOKKO_NODE_URL": node.url}
        restored_node.data_dir = again.data_dir
        restored_node.log = faults_root / f"{again.data_dir.name}.log"
        restored_node.server = None
        restored_node.worker = None
        restored_node.pg_name = ""  # dropped with `again`, not here
        restored_node.start()
        try:
            status, page = restored_node.api("GET", "/cases?limit=200")
            assert status == 200
            text = json.dumps(page, ensure_ascii=False)
            assert "Awa Ndiaye 1" in text
        finally:
            restored_node.kill_server()

        # 3. Refusals, each leaving the target exactly as it was.
        before = _counts(again)
        done = again.jokko("restore", str(quiet))
        assert done.returncode != 0 and "--force" in done.stderr
        database_file = "database.dump" if postgres_base() else "database.sqlite3"
        for damage, expected in [
            (
                "flip a byte of the database",
                node_language(
                    "%(file)s does not match its checksum (damaged or edited)", file=database_file
                ),
            ),
            ("drop the field key", node_language("%(file)s is missing", file="keys/field.key")),
            (
                "edit the manifest",
                node_language("%(name)s was edited after the backup was made", name=MANIFEST),
            ),
            (
                "drop the manifest",
                node_language(
                    "%(name)s is missing: this is not a complete Jokko backup", name=MANIFEST
                ),
            ),
        ]:
            copy = faults_root / f"damaged-{uuid.uuid4().hex[:6]}"
            shutil.copytree(quiet, copy)
            database = copy / ("database.dump" if postgres_base() else "database.sqlite3")
            if damage.startswith("flip"):
                raw = bytearray(database.read_bytes())
                raw[len(raw) // 2] ^= 0xFF
                database.write_bytes(bytes(raw))
            elif damage.startswith("drop the field"):
                (copy / "keys" / "field.key").unlink()
            elif damage.startswith("edit"):
                edited = json.loads((copy / "manifest.json").read_text())
                edited["tables"]["cases_case"]["rows"] += 1
                (copy / "manifest.json").write_text(json.dumps(edited))
            else:
                (copy / "manifest.json").unlink()
            done = again.jokko("restore", "--force", str(copy))
            assert done.returncode != 0, damage
            assert expected in done.stderr, (damage, done.stderr)
            assert _counts(again) == before, damage

        # --force overwrites a node that holds data, and the result is verified.
        done = again.jokko("restore", "--force", str(online))
        assert done.returncode == 0, done.stderr
        assert _tables(again) == _tables(target)
    finally:
        stop.set()
        for made in targets:
            made.drop()
