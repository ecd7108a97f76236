"""Community reports in a real browser: from a committee member's phone to a survivor's case.

A hotline operator first records a call about girls held at a bar near the Bantaco gold-mining
site. Then a committee member (`relais`), on a 360 x 640 phone screen, reports the same scene;
nothing on the form or on their list is wider than the screen. The operator (`ecoute`) finds
the report in the triage queue, sees the hotline call proposed as a duplicate with its score,
triages the report, converts it into a survivor's case (owned by the hotline), then triages
the call (the converted report, now closed, is no longer a candidate). The member then sees
the new status on their own list, and neither the operator's call nor the case.

Texts carry a random token, so demo reports seeded on the server do not matter.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser

TODAY = datetime.date.today().isoformat()
BANTACO = "SN-KE-BANTACO"


def _english(page: Any) -> None:
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()


def _desktop(browser: Any, server: Server, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, server, username)
    _english(page)
    return page


def _fits_the_screen(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: {width}px wide on a {viewport}px screen"


def _reference(text: str) -> str:
    found = re.search(r"SIG-SN-\d{4}-\d{5}", text)
    assert found, text
    return found.group(0)


def test_a_committee_report_from_a_phone_becomes_a_case(
    browser: Any, phone_page: Any, server: Server
) -> None:
    token = uuid.uuid4().hex[:6]
    scene = f"trois filles nigérianes retenues au bar du site d'orpaillage de Bantaco {token}"

    # The hotline took a call about the same bar an hour earlier.
    operator = _desktop(browser, server, "ecoute")
    operator.goto(server + "/community/hotline/new/")
    operator.fill("#description", f"Une cliente signale {scene}, passeports confisqués")
    operator.select_option("#place_code", BANTACO)
    operator.select_option("#urgency", "high")
    operator.fill("#contact", "+221 77 555 01 02")
    operator.click("#send")
    operator.wait_for_selector("#report")
    call_reference = _reference(operator.inner_text("h1"))

    # The committee member reports from a small phone.
    phone = phone_page
    log_in(phone, server, "relais")
    _english(phone)
    phone.goto(server + "/community/new/")
    _fits_the_screen(phone)
    phone.fill("#description", f"Ce matin : {scene}. Un homme garde les passeports.")
    phone.select_option("#place_code", BANTACO)
    phone.select_option("#suspected_offence", "tip")
    phone.fill("#persons_count", "3")
    phone.select_option("#urgency", "high")
    phone.click("#send")
    phone.wait_for_selector("#my-reports")
    _fits_the_screen(phone)
    rows = phone.locator("#my-reports tr.report")
    first_row = rows.first.inner_text()
    report_reference = _reference(first_row)
    assert "New" in first_row
    assert call_reference not in phone.inner_text("#my-reports")

    # The public form, too, fits a phone screen.
    phone.goto(server + "/community/report/")
    _fits_the_screen(phone)

    # The operator finds it in the queue, with the earlier call as a duplicate candidate.
    operator.goto(server + "/community/triage/")
    operator.click(f"tr[data-reference='{report_reference}'] a")
    operator.wait_for_selector("#duplicates")
    candidate = operator.locator(f"#duplicates tr.candidate[data-reference='{call_reference}']")
    assert float(candidate.locator(".score").inner_text()) >= 60
    report_url = operator.url
    operator.select_option("#triage-urgency", "immediate")
    operator.fill("#note", "Rappeler le relais ; alerter la brigade de Saraya.")
    operator.click("#triage")
    operator.wait_for_selector("#status")
    assert operator.inner_text("#status") == "Triaged"
    assert operator.inner_text("#urgency-value") == "Immediate danger"

    # ... converts it into a case, prefilled from the report ...
    operator.click("#convert-case")
    operator.wait_for_selector("#convert-form")
    assert token in operator.input_value("#summary")
    assert operator.input_value("#place_code") == BANTACO
    operator.fill("#name", f"Blessing {token.upper()}")
    operator.select_option("#sex", "female")
    operator.fill("#birth_year", "2006")
    operator.fill("#nationality", "NG")
    operator.click("#open-case")
    operator.wait_for_selector("#case-status")
    case_url = operator.url
    assert re.search(r"/cases/\d+/$", case_url)

    # ... and the link is kept on the report.
    operator.goto(report_url)
    assert operator.inner_text("#status") == "Converted to a case"
    assert operator.get_attribute("#case-link", "href") in case_url

    # The earlier call gets its own first triage.
    operator.goto(server + "/community/triage/")
    operator.click(f"tr[data-reference='{call_reference}'] a")
    operator.wait_for_selector("#report")
    call_url = operator.url
    operator.fill("#note", "Même situation que le signalement du comité.")
    operator.click("#triage")  # a first look: triaged
    operator.wait_for_selector("#status")
    assert "Triaged" in operator.inner_text("#status")
    operator.context.close()

    # The member sees the new status on their own list, never the call nor the case.
    phone.goto(server + "/community/mine/")
    row = phone.locator(f"#my-reports tr[data-reference='{report_reference}']")
    assert row.locator(".status").inner_text() == "Converted to a case"
    assert call_reference not in phone.inner_text("#my-reports")
    _fits_the_screen(phone)
    assert phone.goto(call_url).status == 404
    assert phone.goto(case_url).status in (403, 404)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_public_form_works_on_a_240_pixel_screen(
    browser: Any, server: Server, language: str
) -> None:
    """A basic phone's browser: 240 px wide, no login, in French, English or Arabic."""
    context = browser.new_context(viewport={"width": 240, "height": 320}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(server + "/community/report/")
    page.click(f"button[name=language][value={language}]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == language
    _fits_the_screen(page)
    box = page.locator("#send").bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized button
    page.fill("#description", f"Signalement anonyme {uuid.uuid4().hex[:6]}")
    page.fill("#place_text", "Bantaco")
    page.click("#send")
    page.wait_for_selector("#reference")
    assert re.fullmatch(r"SIG-SN-\d{4}-\d{5}", page.inner_text("#reference"))
    _fits_the_screen(page)
    context.close()
