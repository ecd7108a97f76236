"""Security headers and the Content-Security-Policy on every response, and templates that
respect it (no inline script, no event-handler attributes, no style attributes)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "jokko"


def _directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_secure_headers(response: Any) -> None:
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] + csp["default-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["style-src"][0] == "'self'" and "'unsafe-inline'" not in csp["style-src"]
    # only style attributes (ECharts tooltips) are allowed inline, never <style> blocks
    assert csp["style-src-attr"] == ["'unsafe-inline'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


MAIN_PAGES = {
    "coordinator": ["home", "case-list", "person-search", "analysis", "federation-status",
                    "dedup-queue", "bulletin-list", "twofactor", "justice-indicators"],
    "worker": ["home", "case-list", "case-register", "odk-forms"],
    "investigator": ["home", "incident-list", "investigation-list", "twofactor"],
    "prosecutor": ["home", "prosecution-list", "cooperation-list"],
    "analyst": ["home", "analysis", "programme-indicators"],
    "reporter": ["home", "community-mine"],
    "admin": ["home", "federation-status", "twofactor"],
    "programme": ["home", "training-list", "actionplan-list", "campaign-list"],
}


def test_every_html_response_carries_the_headers(client: Any, users: dict[str, Any]) -> None:
    for anonymous in ("login", "community-public"):
        response = client.get(reverse(anonymous))
        assert response.status_code == 200
        assert_secure_headers(response)
    seen = 0
    for role, pages in MAIN_PAGES.items():
        login(client, users[role])
        for name in pages:
            response = client.get(reverse(name))
            assert response.status_code == 200, (role, name, response.status_code)
            assert response["Content-Type"].startswith("text/html")
            assert_secure_headers(response)
            body = response.content.decode()
            assert "<script>" not in body and not re.search(r"\son[a-z]+=", body), name
            assert ' style="' not in body, (role, name)
            seen += 1
        client.logout()
    assert seen == sum(len(pages) for pages in MAIN_PAGES.values())


def test_refusals_errors_json_and_admin_carry_the_headers(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["worker"])
    assert_secure_headers(client.get(reverse("analysis")))  # 403
    assert_secure_headers(client.get("/cases/999999/"))  # 404
    assert_secure_headers(client.get("/api/v1/openapi.json"))
    client.logout()
    login(client, users["admin"])
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert_secure_headers(admin)


def test_the_public_form_inline_style_is_allowed_only_by_its_nonce(client: Any) -> None:
    response = client.get(reverse("community-public"))
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode())
    assert nonce is not None
    style_src = _directives(response["Content-Security-Policy"])["style-src"]
    assert style_src == ["'self'", f"'nonce-{nonce.group(1)}'"]
    # a second response gets a different nonce
    again = client.get(reverse("community-public")).content.decode()
    assert f'nonce="{nonce.group(1)}"' not in again


def test_no_template_has_inline_script_handlers_or_style_attributes() -> None:
    """Every served template stays within the CSP. Templates that WeasyPrint turns into PDF on
    the server (certificates, the quarterly report) never reach a browser and are left out."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        if template.name == "certificate.html" or template.name.endswith("_pdf.html"):
            continue
        text = re.sub(r"\{#.*?#\}", "", template.read_text())
        text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
            r"\son(click|change|submit|load|input|keyup|keydown|focus|blur)=",
            r"\sstyle=\"",
            r"javascript:",
        ):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(SRC)}: {pattern}")
        if "<style" in text and "csp_nonce" not in text:
            offenders.append(f"{template.relative_to(SRC)}: <style> without a nonce")
    assert not offenders, offenders


def test_htmx_is_configured_for_the_csp(client: Any, users: dict[str, Any]) -> None:
    login(client, users["coordinator"])
    body = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in body and '"allowEval": false' in body
