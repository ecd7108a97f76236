"""A full disk and a read-only database: a clear 503, nothing half-written, recovery after.

SQLite nodes live on a tiny tmpfs mounted for the test (root only: the suite runs as root here
and in CI); the disk is filled with a file, then the file system is remounted read-only.
PostgreSQL nodes are switched read-only with `default_transaction_read_only`, as an operator
does for maintenance or as a hot standby behaves. Each time the API answers 503 with
`Retry-After` and a message saying nothing was saved, the web page says the same, nothing is
written, and once the storage is back the same submission (same client id) goes through.
"""

from __future__ import annotations

import errno
import http.cookiejar
import re
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import Node, case_body, postgres_base

CASES = "SELECT COUNT(*) FROM cases_case"


# -- the classifier, on errors raised by a real SQLite ------------------------------------------


def test_real_sqlite_storage_errors_are_recognised(tmp_path: Path) -> None:
    from django.db import DatabaseError

    from jokko.ops.storage import StorageFault, refine, storage_fault

    path = tmp_path / "small.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x BLOB)")
    conn.execute("PRAGMA max_page_count = 3")  # a database that cannot grow: a full disk
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.execute("INSERT INTO t VALUES (?)", [b"x" * 100_000])
    conn.close()
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as refused:
        readonly.execute("INSERT INTO t VALUES (1)")
    readonly.close()

    assert storage_fault(full.value) is StorageFault.DISK_FULL
    assert storage_fault(refused.value) is StorageFault.READ_ONLY
    # As Django raises them: its own exception class, the driver's error as the cause.
    wrapped = DatabaseError("wrapped")
    wrapped.__cause__ = full.value
    assert storage_fault(wrapped) is StorageFault.DISK_FULL
    assert storage_fault(sqlite3.OperationalError("no such table: t")) is None
    assert storage_fault(ValueError("database or disk")) is None
    # SQLite reports some writes that hit ENOSPC as I/O errors: free space tells them apart.
    assert refine(StorageFault.IO_ERROR, 1024) is StorageFault.DISK_FULL
    assert refine(StorageFault.IO_ERROR, 10**9) is StorageFault.IO_ERROR
    assert refine(StorageFault.IO_ERROR, None) is StorageFault.IO_ERROR
    assert refine(StorageFault.READ_ONLY, 0) is StorageFault.READ_ONLY


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(faults_root: Path) -> Iterator[Path]:
    """A 24 MiB tmpfs, unmounted afterwards."""
    mount = faults_root / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def _fill(mount: Path) -> Path:
    """Write a file until the disk is full; its removal gives the space back."""
    filler = mount / "filler.bin"
    chunk = b"\0" * (256 * 1024)
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(chunk)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def _assert_refused_cleanly(node: Node, client_id: str, fault: str, *, reads: bool) -> None:
    """503 and a message; reads still served when `reads` (counting rows is left to the
    caller: a SQLite reader on a full disk cannot even close its connection cleanly)."""
    status, answer = node.api("POST", "/cases", case_body(client_id, "Fatou Sow"))
    assert status == 503, (status, answer)
    assert answer["fault"] == fault and len(answer["detail"]) > 40, answer
    assert "Traceback" not in answer["detail"]
    # Reads still work, and nothing was written.
    status, listing = node.api("GET", "/cases")
    if reads:
        assert status == 200, listing
    else:
        # SQLite on a full disk may not even read (its shared-memory index needs a page more):
        # then the read gets the same clear answer, never a bare 500.
        assert status == 200 or (status == 503 and listing["fault"] == fault), listing


def _login_page_answer(node: Node) -> tuple[int, str, str]:
    """Log in through the web form; (status, Retry-After, page text)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(node.url + "/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": "travailleuse",
            "password": "jokko-demo-2026",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        node.url + "/accounts/login/", data=data, headers={"Referer": node.url + "/"}
    )
    try:
        answer = opener.open(request, timeout=10)
        return answer.status, "", answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After", ""), error.read().decode()


def _recovers(node: Node, client_id: str) -> None:
    before = node.scalar(CASES)
    status, answer = node.api("POST", "/cases", case_body(client_id, "Fatou Sow"))
    assert status == 201, (status, answer)
    assert node.scalar(CASES) == before + 1
    assert "audit chain OK" in node.jokko("audit_verify").stdout


# -- the faults ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_sqlite_disk_full_then_read_only_then_back(
    make_node: Any, tiny_disk: Path, faults_root: Path
) -> None:
    if postgres_base():
        pytest.skip("SQLite on a tiny disk; the PostgreSQL run checks a read-only database")
    node: Node = make_node(root=tiny_disk)
    node.log = faults_root / f"{node.data_dir.name}.log"  # the log must not need the full disk
    node.start()
    client_id = str(uuid.uuid4())

    # 1. The disk fills up (the WAL truncated first, so the next write needs new space).
    before = node.scalar(CASES)
    connection = sqlite3.connect(node.sqlite)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    filler = _fill(tiny_disk)
    _assert_refused_cleanly(node, client_id, "disk_full", reads=False)
    status, retry_after, page = _login_page_answer(node)
    assert status == 503 and retry_after and "<h1>" in page and "Traceback" not in page
    # 2. Space returns: nothing was written meanwhile; the same submission goes through, once.
    filler.unlink()
    assert node.scalar(CASES) == before
    _recovers(node, client_id)

    # 3. The file system turns read-only (what Linux does to a disk with errors).
    before = node.scalar(CASES)
    _remount(tiny_disk, "ro")
    try:
        status, answer = node.api("POST", "/cases", case_body(str(uuid.uuid4()), "Awa Fall"))
        assert status == 503 and answer["fault"] in {"read_only", "io_error"}, (status, answer)
    finally:
        _remount(tiny_disk, "rw")
    assert node.scalar(CASES) == before
    _recovers(node, str(uuid.uuid4()))
    assert sqlite3.connect(node.sqlite).execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.slow
def test_postgresql_read_only_database_then_back(make_node: Any) -> None:
    from tests.faults.conftest import pg_execute

    if not postgres_base():
        pytest.skip("PostgreSQL's read-only mode; the SQLite run checks a read-only disk")
    node: Node = make_node()
    pg_execute(f'ALTER DATABASE "{node.pg_name}" SET default_transaction_read_only = on')
    node.start()
    client_id = str(uuid.uuid4())
    before = node.scalar(CASES)
    _assert_refused_cleanly(node, client_id, "read_only", reads=True)
    assert node.scalar(CASES) == before
    status, retry_after, page = _login_page_answer(node)
    assert status == 503 and retry_after and "<h1>" in page and "Traceback" not in page
    node.kill_server()
    pg_execute(f'ALTER DATABASE "{node.pg_name}" SET default_transaction_read_only = off')
    node.start()
    _recovers(node, client_id)
