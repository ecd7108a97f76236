"""A case worker walks a survivor from registration to closure, in French and in Arabic.

Then an analyst and a case worker of another organisation try to open the survivor's case and
person pages: they get "not found", and the node's audit log records each refusal.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser

TODAY = datetime.date.today().isoformat()


def _open_all_sections(page: Any) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def _choose_language(page: Any, language: str) -> None:
    page.click(f"button[name=language][value={language}]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == language


def _select_first_real_option(page: Any, selector: str) -> None:
    value = page.eval_on_selector(selector, "s => [...s.options].find(o => o.value).value")
    page.select_option(selector, value)


@pytest.mark.parametrize("language, direction", [("fr", "ltr"), ("ar", "rtl")])
def test_registration_to_closure(
    browser: Any, server: Server, language: str, direction: str
) -> None:
    name = {"fr": "Fatoumata Keïta", "ar": "فاطمة كيتا"}[language]
    worker = browser.new_context(viewport={"width": 360, "height": 640})
    page = worker.new_page()
    page.set_default_timeout(15000)
    log_in(page, server, "travailleuse")
    _choose_language(page, language)
    assert page.get_attribute("html", "dir") == direction

    # 1. Registration, on a phone-sized screen.
    page.goto(server + "/cases/new/")
    page.fill("input[name=name]", name)
    _select_first_real_option(page, "select[name=sex]")
    page.fill("input[name=birth_year]", "2006")
    page.select_option("select[name=nationality]", "ML")
    page.select_option("select[name=case_type]", "tip")
    _select_first_real_option(page, "select[name=identification_source]")
    page.fill("input[name=identified_on]", TODAY)
    page.select_option("select[name=place_code]", "SN-KE-KEDOUGOU")
    page.click("#register-submit")
    page.wait_for_selector("#case-status")
    case_url = page.url
    assert "/cases/" in case_url
    assert name in page.inner_text("#person-name")

    # 2. Screening, consent, assistance.
    _open_all_sections(page)
    page.select_option("#form-screening select[name=outcome]", "presumed_victim")
    page.fill("#form-screening input[name=screened_on]", TODAY)
    page.click("#form-screening button[type=submit]")
    _open_all_sections(page)
    for scope in ("referral", "statistics"):
        page.check(f"#form-consent input[name=scopes][value={scope}]")
    page.fill("#form-consent input[name=given_on]", TODAY)
    page.click("#form-consent button[type=submit]")
    page.select_option("#transition select[name=target]", "assistance")
    page.click("#transition-submit")
    assert page.get_attribute("#case-status", "class").endswith("status-assistance")

    # 3. Referral to the NGO for legal aid.
    _open_all_sections(page)
    ngo = page.eval_on_selector(
        "#form-referral select[name=to_organisation]",
        "s => [...s.options].find(o => o.text.includes('Jigeen')).value",
    )
    page.select_option("#form-referral select[name=to_organisation]", ngo)
    _select_first_real_option(page, "#form-referral select[name=service_type]")
    page.click("#form-referral button[type=submit]")
    assert page.locator("#referrals li .status").count() == 1

    # 4. The NGO accepts, delivers the service and completes the referral.
    ngo_context = browser.new_context(locale="fr-FR")
    ngo_page = ngo_context.new_page()
    ngo_page.set_default_timeout(15000)
    log_in(ngo_page, server, "autre-ong")
    ngo_page.goto(case_url)
    ngo_page.click("#referrals button[value=accepted]")
    _open_all_sections(ngo_page)
    _select_first_real_option(ngo_page, "#form-service select[name=service_type]")
    ngo_page.fill("#form-service input[name=delivered_on]", TODAY)
    ngo_page.click("#form-service button[type=submit]")
    ngo_page.click("#referrals button[value=completed]")
    assert ngo_page.locator("#services li").count() == 1
    ngo_context.close()

    # 5. The worker closes the case with a reason.
    page.goto(case_url)
    page.select_option("#transition select[name=target]", "closed")
    page.fill("#transition input[name=note]", "Reintegrated with her family")
    page.click("#transition-submit")
    assert page.get_attribute("#case-status", "class").endswith("status-closed")
    person_url = page.get_attribute("#person-name a", "href")
    worker.close()

    # 6. Neither the analyst nor a worker of another organisation can open the survivor.
    for username in ("analyste", "sante"):
        context = browser.new_context()
        intruder = context.new_page()
        log_in(intruder, server, username)
        for url in (case_url, server + person_url):
            response = intruder.goto(url)
            assert response is not None and response.status in (403, 404), (username, url)
            assert name not in intruder.content()
        context.close()
        denied = server.jokko(
            "shell",
            "-c",
            "from jokko.audit.models import AuditEntry as A; "
            f"print(A.objects.filter(actor_username='{username}', action='denied').count())",
        )
        assert int(denied.strip().splitlines()[-1]) >= 2
    assert "audit chain OK" in server.jokko("audit_verify")
