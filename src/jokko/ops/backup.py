"""Back up a node and restore it: database, key files and a manifest that proves it whole.

Why each choice:

* SQLite is copied with SQLite's online backup API, which reads one consistent snapshot while
  the server keeps writing (WAL mode lets readers and the writer run side by side). Copying the
  file with `cp` could catch a half-checkpointed WAL and produce a corrupt copy.
* PostgreSQL is dumped with `pg_dump -Fc` inside a REPEATABLE READ transaction whose snapshot
  is exported to pg_dump (`--snapshot`): the dump, the row counts and the audit chain head in
  the manifest all describe the same instant, so the manifest can be checked after a restore
  even though writes went on during the backup.
* The field-encryption key, the node's signing key and the network linkage secret live outside
  the database (a stolen dump alone reveals no names). A backup without them cannot be read or
  cannot speak for the node, so they are copied too, and the backup must be protected like the
  keys themselves (mode 0700/0600 here; encryption and offline storage in docs/operations.md).
* `restore` checks the backup against its manifest before touching anything, refuses to
  overwrite a database that holds tables (or key files that differ) unless `--force`, restores
  in one transaction (PostgreSQL) or one backup-API step (SQLite), then compares every table's
  rows with the manifest and verifies the audit chain and its head.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.ops import manifest as mf

SQLITE_FILE = "database.sqlite3"
DUMP_FILE = "database.dump"
FIELD_KEY = "field.key"
REQUIRED_KEYS = (FIELD_KEY,)


class RestoreRefused(Exception):
    """Restoring would lose data or restore something damaged; nothing was changed."""


class BackupFailed(Exception):
    """The backup could not be made; the partial directory was removed."""


def key_files() -> dict[str, Path]:
    """Where this node keeps the secrets that live outside its database."""
    from jokko.crosslink.secret import secret_path
    from jokko.federation.conf import node_key_file

    return {
        FIELD_KEY: Path(settings.FIELD_KEY_FILE),
        "node.key": node_key_file(),
        "linkage.secret": secret_path(),
    }


def engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupFailed(_("Backups support SQLite and PostgreSQL, not %(v)s.") % {"v": vendor})
    return vendor


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _program(name: str) -> str:
    """The PostgreSQL client program's full path (same major version as the server)."""
    found = shutil.which(name)
    if found is None:
        raise BackupFailed(_("%(program)s is not installed or not on PATH.") % {"program": name})
    return found


def _pg_connect() -> Any:
    import psycopg

    db = settings.DATABASES["default"]
    params = {"dbname": "NAME", "user": "USER", "password": "PASSWORD", "host": "HOST"}
    params["port"] = "PORT"
    conninfo = psycopg.conninfo.make_conninfo(
        "", **{param: str(db[key]) for param, key in params.items() if db.get(key)}
    )
    return psycopg.connect(conninfo)


# -- reading tables with the raw driver (the same one on both sides of a backup) -------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    keys = {}
    for table in tables:
        info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        keys[table] = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]] or [
            row[1] for row in info
        ]
    return keys


def _pg_tables(conn: Any) -> dict[str, list[str]]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    keys = {}
    for table in tables:
        primary = [
            row[0]
            for row in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                [_quote(table)],
            )
        ]
        if not primary:
            primary = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND table_name = %s ORDER BY ordinal_position",
                    [table],
                )
            ]
        keys[table] = primary
    return keys


def table_stats(conn: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """`{table: {"rows", "digest"}}` for every table, rows read in primary-key order."""
    tables = _sqlite_tables(conn) if vendor == "sqlite" else _pg_tables(conn)
    stats = {}
    for table, order in tables.items():
        # Table and column names come from the database catalogue and are quoted.
        sql = f"SELECT * FROM {_quote(table)} ORDER BY {', '.join(map(_quote, order))}"  # noqa: S608
        cursor = conn.execute(sql)
        rows, digest = mf.rows_digest(iter(cursor.fetchone, None))
        stats[table] = {"rows": rows, "digest": digest}
    return stats


def _audit_head(conn: Any) -> dict[str, Any]:
    count, head = conn.execute(
        "SELECT COUNT(*), (SELECT entry_hash FROM audit_auditentry ORDER BY id DESC LIMIT 1) "
        "FROM audit_auditentry"
    ).fetchone()
    return {"entries": int(count), "head": head or ""}


# -- backup -----------------------------------------------------------------------------------


@dataclass
class BackupResult:
    directory: Path
    manifest: dict[str, Any] = field(default_factory=dict)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)


def _copy_keys(out: Path) -> dict[str, bool]:
    present = {}
    for name, source in key_files().items():
        present[name] = source.is_file()
        if present[name]:
            _private_dir(out / "keys")
            shutil.copyfile(source, out / "keys" / name)
            (out / "keys" / name).chmod(0o600)
    if not present[FIELD_KEY]:
        raise BackupFailed(
            _("The field-encryption key %(path)s is missing: a backup without it is unreadable.")
            % {"path": key_files()[FIELD_KEY]}
        )
    return present


def _backup_sqlite(out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=60)
    target_path = out / SQLITE_FILE
    target = sqlite3.connect(str(target_path))
    try:
        source.backup(target)  # one step: one consistent read snapshot of the live database
    finally:
        source.close()
    try:
        # The copy is a plain file: no WAL beside it, so the checksum covers all of it.
        target.execute("PRAGMA journal_mode=DELETE")
        stats = table_stats(target, "sqlite")
        head = _audit_head(target)
    finally:
        target.close()
    return stats, head


def _backup_postgresql(out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    import psycopg

    conn = _pg_connect()
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        conn.execute("SET TIME ZONE 'UTC'")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        dump = subprocess.run(
            [
                _program("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "--no-privileges",
                f"--file={out / DUMP_FILE}",
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if dump.returncode != 0:
            raise BackupFailed(_("pg_dump failed: %(error)s") % {"error": dump.stderr.strip()})
        stats = table_stats(conn, "postgresql")
        head = _audit_head(conn)
    finally:
        conn.rollback()
        conn.close()
    return stats, head


def make_backup(out: Path) -> BackupResult:
    """Write a complete backup into `out` (which must not exist or be empty)."""
    vendor = engine()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupFailed(
            _("%(path)s already exists and is not empty: choose a new directory.") % {"path": out}
        )
    _private_dir(out)
    try:
        present = _copy_keys(out)
        if vendor == "sqlite":
            tables, audit = _backup_sqlite(out)
            database_file = SQLITE_FILE
        else:
            tables, audit = _backup_postgresql(out)
            database_file = DUMP_FILE
        (out / database_file).chmod(0o600)
        files = [database_file] + [f"keys/{name}" for name, ok in present.items() if ok]
        manifest = {
            "format": mf.FORMAT,
            "created_at": timezone.now().isoformat(),
            "node_country": settings.NODE_COUNTRY,
            "engine": vendor,
            "database_file": database_file,
            "keys": present,
            "files": mf.describe_files(out, files),
            "tables": tables,
            "audit": audit,
        }
        mf.write(out, manifest)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return BackupResult(out, manifest)


# -- restore ----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    tables: int
    rows: int
    audit_entries: int
    problems: list[str]


def _target_tables(vendor: str) -> list[str]:
    if vendor == "sqlite":
        path = Path(str(settings.DATABASES["default"]["NAME"]))
        if not path.exists():
            return []
        conn = sqlite3.connect(str(path))
        try:
            return list(_sqlite_tables(conn))
        finally:
            conn.close()
    with _pg_connect() as conn:
        return list(_pg_tables(conn))


def _check_target(manifest: dict[str, Any], source: Path, force: bool) -> None:
    vendor = engine()
    if manifest.get("engine") != vendor:
        raise RestoreRefused(
            _(
                "This backup is of a %(backup)s database and this node uses %(node)s: restore it "
                "on a node configured with the same database engine."
            )
            % {"backup": manifest.get("engine"), "node": vendor}
        )
    if force:
        return
    tables = _target_tables(vendor)
    if tables:
        raise RestoreRefused(
            _(
                "The target database already holds %(n)s tables; restoring would replace them. "
                "Restore into an empty database, or add --force to overwrite it."
            )
            % {"n": len(tables)}
        )
    for name, target in key_files().items():
        copy = source / "keys" / name
        if target.is_file() and copy.is_file() and target.read_bytes() != copy.read_bytes():
            raise RestoreRefused(
                _(
                    "The key file %(path)s exists and differs from the backup's; restoring would "
                    "replace it. Move it away, or add --force to overwrite it."
                )
                % {"path": target}
            )


def _write_private(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _restore_sqlite(source: Path) -> dict[str, Any]:
    path = Path(str(settings.DATABASES["default"]["NAME"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{source / SQLITE_FILE}?mode=ro", uri=True)
    target = sqlite3.connect(str(path), timeout=60)
    try:
        backup.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        return table_stats(target, "sqlite")
    finally:
        backup.close()
        target.close()


def _restore_postgresql(source: Path, force: bool) -> dict[str, Any]:
    if force:
        with _pg_connect() as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    done = subprocess.run(
        [
            _program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(source / DUMP_FILE),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RestoreRefused(_("pg_restore failed: %(error)s") % {"error": done.stderr.strip()})
    with _pg_connect() as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        return table_stats(conn, "postgresql")


def restore_backup(source: Path, *, force: bool = False) -> RestoreResult:
    """Restore the backup in `source` into this node's database and key files.

    Raises `mf.BackupDamaged` or `RestoreRefused` before changing anything when the backup is
    not whole or the target is not empty; returns the problems found after restoring (none when
    every table's rows and the audit chain match the manifest).
    """
    from jokko.audit.actions import verify_chain

    manifest = mf.load(source)
    database_file = manifest.get("database_file", "")
    if database_file not in {SQLITE_FILE, DUMP_FILE}:
        raise mf.BackupDamaged([_("the manifest names no database file")])
    mf.check_files(source, manifest, [database_file, *(f"keys/{k}" for k in REQUIRED_KEYS)])
    _check_target(manifest, source, force)

    connections.close_all()  # the copy replaces the database under any open connection
    if manifest["engine"] == "sqlite":
        found = _restore_sqlite(source)
    else:
        found = _restore_postgresql(source, force)
    for name, target in key_files().items():
        copy = source / "keys" / name
        if copy.is_file():
            _write_private(target, copy.read_bytes())

    problems = mf.compare_tables(manifest["tables"], found)
    chain = verify_chain()
    if not chain.ok:
        problems.append(
            _("audit chain broken at entry %(id)s: %(reason)s")
            % {"id": chain.first_broken_id, "reason": chain.reason}
        )
    expected = manifest["audit"]
    from jokko.audit.models import AuditEntry

    head = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or ""
    if chain.entries != expected["entries"] or head != expected["head"]:
        problems.append(
            _("audit chain has %(n)s entries ending %(head)s; the backup had %(m)s ending %(h)s")
            % {
                "n": chain.entries,
                "head": head[:12],
                "m": expected["entries"],
                "h": expected["head"][:12],
            }
        )
    return RestoreResult(
        tables=len(found),
        rows=sum(int(t["rows"]) for t in found.values()),
        audit_entries=chain.entries,
        problems=problems,
    )
