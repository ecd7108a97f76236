"""Real Jokko nodes as separate processes, for injecting faults into them.

Each `Node` has its own data directory (keys included) and its own database: a SQLite file, or
a fresh database on the PostgreSQL server named by JOKKO_DATABASE_URL when the suite runs on
PostgreSQL. Migrating and seeding takes ~20 s on a small machine, so it is done once per run
into a template (a SQLite file copied, or a PostgreSQL `CREATE DATABASE ... TEMPLATE`).

The tests read the databases directly (sqlite3, psycopg), as an operator would, so what they
assert does not depend on the code under test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest

JOKKO = [sys.executable, "-m", "jokko.cli"]
# Short retries so an outage and its recovery take seconds in CI, not minutes.
FAST_FEDERATION = {
    "JOKKO_FEDERATION_RETRY_BASE_SECONDS": "0.2",
    "JOKKO_FEDERATION_RETRY_CAP_SECONDS": "1",
    "JOKKO_FEDERATION_HTTP_TIMEOUT_SECONDS": "2",
}
TOKEN_USERS = ("travailleuse", "enqueteur")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_base() -> str:
    """The PostgreSQL server the suite runs on, or "" on SQLite."""
    url = os.environ.get("JOKKO_DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


def _pg_admin(base: str) -> str:
    return urlunparse(urlparse(base)._replace(path="/postgres"))


def pg_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_admin(postgres_base()), autocommit=True) as conn:
        conn.execute(sql)


def new_pg_database(template: str | None = None) -> str:
    name = f"jokko_faults_{uuid.uuid4().hex[:10]}"
    pg_execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def pg_url(name: str) -> str:
    return urlunparse(urlparse(postgres_base())._replace(path=f"/{name}"))


def base_env(data_dir: Path, database_url: str, country: str = "SN") -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("JOKKO_") and key != "DJANGO_SETTINGS_MODULE"
    }
    return {
        **inherited,
        **FAST_FEDERATION,
        "DJANGO_SETTINGS_MODULE": "jokko.settings",
        "PYTHONUNBUFFERED": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "JOKKO_NODE_COUNTRY": country,
        "JOKKO_DATA_DIR": str(data_dir),
        "JOKKO_DATABASE_URL": database_url,
    }


class Template:
    """A migrated node with the demo organisations and users, and API tokens for two of them."""

    def __init__(self, root: Path) -> None:
        self.data_dir = root / "template"
        self.data_dir.mkdir()
        self.pg_name = new_pg_database() if postgres_base() else ""
        url = pg_url(self.pg_name) if self.pg_name else f"sqlite:///{self.sqlite}"
        env = base_env(self.data_dir, url)
        subprocess.run([*JOKKO, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run(
            [*JOKKO, "seed_demo", "--cases", "0"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        self.tokens = {
            user: subprocess.run(
                [*JOKKO, "issue_token", user], env=env, check=True, capture_output=True, text=True
            ).stdout.strip()
            for user in TOKEN_USERS
        }
        if self.pg_name:
            # Nothing may stay connected to a template database.
            pg_execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
                f"WHERE datname = '{self.pg_name}' AND pid <> pg_backend_pid()"
            )

    @property
    def sqlite(self) -> Path:
        return self.data_dir / "jokko.sqlite3"


class Node:
    """One Jokko node: a data directory, a database, and its server and worker processes."""

    def __init__(self, template: Template, root: Path, country: str = "SN") -> None:
        self.country = country
        self.data_dir = root / f"node-{country.lower()}-{uuid.uuid4().hex[:6]}"
        self.tokens = template.tokens
        shutil.copytree(template.data_dir, self.data_dir)
        # Each node signs with its own key: never share the template's.
        (self.data_dir / "keys" / "node.key").unlink(missing_ok=True)
        self.pg_name = new_pg_database(template.pg_name) if template.pg_name else ""
        url = pg_url(self.pg_name) if self.pg_name else f"sqlite:///{self.sqlite}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = base_env(self.data_dir, url, country)
        self.env["JOKKO_NODE_URL"] = self.url
        self.log = self.data_dir / "node.log"
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    @property
    def sqlite(self) -> Path:
        return self.data_dir / "jokko.sqlite3"

    # -- processes ------------------------------------------------------------------------------

    def jokko(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*JOKKO, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        if check:
            assert done.returncode == 0, f"jokko {args}: {done.stdout[-1500:]}{done.stderr[-3000:]}"
        return done

    def _spawn(self, *args: str, extra_env: dict[str, str] | None = None) -> Any:
        with self.log.open("ab") as log:
            return subprocess.Popen(
                [*JOKKO, *args],
                env={**self.env, **(extra_env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        """Start the web server (threaded `runserver`, no reloader) and wait until it answers."""
        self.server = self._spawn(
            "runserver",
            f"127.0.0.1:{self.port}",
            "--noreload",
            "--skip-checks",
            extra_env=extra_env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.server.poll() is None, f"server died: {self.log_tail()}"
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=2)  # noqa: S310
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise AssertionError(f"server did not start: {self.log_tail()}")

    def start_worker(self) -> None:
        self.worker = self._spawn("federation_worker", "--interval", "0.2")

    @staticmethod
    def _sigkill(process: Any) -> None:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        if process is not None:
            process.wait(timeout=30)

    def kill_server(self) -> None:
        """SIGKILL: no chance to finish a request, a transaction or a write."""
        self._sigkill(self.server)
        self.server = None

    def kill_worker(self) -> None:
        self._sigkill(self.worker)
        self.worker = None

    def stop(self) -> None:
        self.kill_server()
        self.kill_worker()

    def drop(self) -> None:
        self.stop()
        if self.pg_name:
            pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def log_tail_all(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    # -- the database, read directly ----------------------------------------------------------

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Run `sql` (with `?` placeholders) on the node's database and return its rows."""
        if self.pg_name:
            import psycopg

            with psycopg.connect(pg_url(self.pg_name), autocommit=True) as conn:
                sql = sql.replace("%", "%%").replace("?", "%s")
                return list(conn.execute(sql, params).fetchall())
        conn = sqlite3.connect(self.sqlite, timeout=30)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def scalar(self, sql: str, *params: Any) -> Any:
        return self.query(sql, *params)[0][0]

    # -- the API --------------------------------------------------------------------------------

    def api(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        user: str = "travailleuse",
        timeout: float = 10,
    ) -> tuple[int, Any]:
        """Call /api/v1 as `user`; (status, decoded JSON). Connection errors propagate."""
        request = urllib.request.Request(  # noqa: S310 (loopback)
            f"{self.url}/api/v1{path}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={
                "Authorization": f"Bearer {self.tokens[user]}",
                "Content-Type": "application/json",
                "Accept-Language": "en",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw)
            except ValueError:
                return error.code, raw.decode(errors="replace")


@pytest.fixture(scope="session")
def faults_root() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="jokko-faults-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def template(faults_root: Path) -> Iterator[Template]:
    made = Template(faults_root)
    yield made
    if made.pg_name:
        pg_execute(f'DROP DATABASE IF EXISTS "{made.pg_name}" WITH (FORCE)')


@pytest.fixture
def make_node(template: Template, faults_root: Path) -> Iterator[Any]:
    """`make_node(country="SN")` -> a fresh node from the template; all are stopped and dropped."""
    made: list[Node] = []

    def make(country: str = "SN", root: Path | None = None) -> Node:
        node = Node(template, root or faults_root, country)
        made.append(node)
        return node

    yield make
    for node in made:
        node.drop()


def case_body(client_id: str, name: str) -> dict[str, Any]:
    """A registration (survivor and case) as a field worker's phone would send it."""
    from jokko.gazetteer import places_in
    from jokko.taxonomy import vocabulary

    return {
        "client_id": client_id,
        "person": {"names": [name], "sex": vocabulary("sex").terms[0].code, "birth_year": 2006},
        "case_type": "tip",
        "identification_source": vocabulary("identification_source").terms[0].code,
        "identified_on": "2026-11-30",
        "place_code": places_in("SN", kind="town")[0].code,
        "exploitation_types": [vocabulary("exploitation_type").terms[0].code],
    }


def bulletin_body(client_id: str, title: str, recipients: list[str]) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "kind": "vehicle",
        "urgency": "urgent",
        "title": title,
        "summary": "Minibus towards Rosso",
        "details": {"plate": "DK-4411-B", "make": "Toyota Hiace"},
        "recipients": recipients,
        "expires_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        "legal_basis": "national_tip_law",
        "legal_reference": "Loi 2005-06, art. 12",
    }
