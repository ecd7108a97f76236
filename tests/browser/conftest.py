"""A real Jokko server process and a real headless Chromium for end-to-end tests.

The server is `jokko runserver` in its own process with its own database (a fresh SQLite file,
or a fresh database on the PostgreSQL server named by JOKKO_DATABASE_URL), migrated and seeded
with the demo organisations and logins but no cases. Using a separate process rather than
Django's in-process live server keeps the audit log's append-only triggers intact: nothing has
to flush the tables between tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "jokko-demo-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url(data_dir: Path) -> tuple[str, Any]:
    """A fresh database for the server, and a function that removes it afterwards."""
    base = os.environ.get("JOKKO_DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{data_dir / 'browser.sqlite3'}", lambda: None
    import psycopg

    name = f"jokko_browser_{uuid.uuid4().hex[:8]}"
    parsed = urlparse(base)
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunparse(parsed._replace(path=f"/{name}")), drop


class Server(str):
    """The base URL of the running node, with the environment to run `jokko` commands on it."""

    env: dict[str, str]

    def jokko(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "jokko.cli", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix="jokko-browser-"))
    url, drop = _database_url(data_dir)
    env = {
        **os.environ,
        "JOKKO_DATA_DIR": str(data_dir),
        "JOKKO_DATABASE_URL": url,
        "JOKKO_NODE_COUNTRY": "SN",
        "DJANGO_SETTINGS_MODULE": "jokko.settings",
    }
    jokko = [sys.executable, "-m", "jokko.cli"]
    subprocess.run([*jokko, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*jokko, "seed_demo", "--cases", "0"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    port = _free_port()
    process = subprocess.Popen(
        [*jokko, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = Server(f"http://127.0.0.1:{port}")
    base.env = env
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)  # noqa: S310 (loopback)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the Jokko test server did not start") from None
            time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        drop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A small phone screen (360 by 640 pixels, like a low-end Android)."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def log_in(page: Any, server: str, username: str) -> None:
    page.goto(server + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(server + "/")
