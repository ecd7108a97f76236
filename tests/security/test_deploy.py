"""Production settings: `jokko check --deploy` is clean, and the demo key is refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "JOKKO_PRODUCTION": "1",
        "JOKKO_SECRET_KEY": secrets.token_urlsafe(50),
        "JOKKO_ALLOWED_HOSTS": "jokko.example.sn",
        "JOKKO_CSRF_TRUSTED_ORIGINS": "https://jokko.example.sn",
        "JOKKO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "jokko.settings",
    }
    env.pop("JOKKO_DEBUG", None)
    env.update(extra)
    return env


def _jokko(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jokko.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    result = _jokko(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_warns_without_production_mode(tmp_path: Path) -> None:
    """The same check on the demo settings does warn: the production switch is what fixes it."""
    env = _production_env(tmp_path, JOKKO_PRODUCTION="0")
    result = _jokko(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W012" in result.stderr  # session cookie not secure


@pytest.mark.parametrize(
    "extra",
    [
        {"JOKKO_SECRET_KEY": "insecure-demo-key-do-not-use-in-production"},
        {"JOKKO_SECRET_KEY": "short"},
        {"JOKKO_DEBUG": "1"},
    ],
)
def test_production_refuses_to_start_with_the_demo_key_or_debug(
    tmp_path: Path, extra: dict[str, str]
) -> None:
    env = _production_env(tmp_path, **extra)
    if "JOKKO_SECRET_KEY" in extra and extra["JOKKO_SECRET_KEY"].startswith("insecure"):
        env.pop("JOKKO_SECRET_KEY")  # unset falls back to the demo key: refused too
    result = _jokko(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "JOKKO_PRODUCTION=1" in result.stderr


def test_production_settings_values(tmp_path: Path) -> None:
    """What the production switch turns on, read from the settings of a production process."""
    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES'].get('upgrade-insecure-requests'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
    ]
