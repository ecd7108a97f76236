"""The criminal justice chain in a real browser, from a border post to a verdict.

An investigator records an interception at Kidira with two suspects and twelve smuggled
migrants, opens an investigation on it and links a survivor's case on a recorded legal basis
(the survivor gave no consent): the case shows by its reference only. A prosecutor charges one
suspect under Senegal's smuggling article, records two hearings, a conviction and a sentence;
the indicators page counts one more investigation, prosecution and conviction; the survivor's
case worker links the legal-aid file to the prosecution and sees it on the case; the
investigator never reaches the survivor's case page or name.

Counts are compared before and after, so demo records seeded on the server do not matter.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser

TODAY = datetime.date.today().isoformat()
SURVIVOR = "Mariama Sidibé"
SUSPECTS = ("Abdoulaye Camara", "Seydou Traoré")


def _page(browser: Any, server: Server, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, server, username)
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    return page


def _select_first_real_option(page: Any, selector: str) -> None:
    value = page.eval_on_selector(selector, "s => [...s.options].find(o => o.value).value")
    page.select_option(selector, value)


def _headline(page: Any, server: Server) -> dict[str, int]:
    page.goto(server + "/justice/")
    return {
        name: int(page.inner_text(f"#headline-{name}"))
        for name in ("incidents", "investigations", "prosecutions", "convictions")
    }


def _register_survivor(page: Any, server: Server) -> str:
    page.goto(server + "/cases/new/")
    page.fill("input[name=name]", SURVIVOR)
    _select_first_real_option(page, "select[name=sex]")
    page.fill("input[name=birth_year]", "2005")
    page.select_option("select[name=nationality]", "GN")
    page.select_option("select[name=case_type]", "som")
    _select_first_real_option(page, "select[name=identification_source]")
    page.fill("input[name=identified_on]", TODAY)
    page.select_option("select[name=place_code]", "SN-TC-KIDIRA")
    page.click("#register-submit")
    page.wait_for_selector("#case-status")
    return str(page.url)


def _record_interception(page: Any, server: Server) -> tuple[str, list[int]]:
    page.goto(server + "/incidents/new/")
    page.select_option("#incident-kind", "border_interception")
    page.fill("#incident-occurred-on", TODAY)
    page.select_option("#incident-place", "SN-TC-KIDIRA")
    page.check("#offence-som")
    page.fill("#incident-summary", "Minibus stopped at the Kidira post, coming from Tambacounda.")
    for n, name in enumerate(SUSPECTS, start=1):
        page.fill(f"#suspect_name_{n}", name)
        page.select_option(f"#suspect_sex_{n}", "male")
    page.select_option("#counted_role_1", "smuggled_migrant")
    page.fill("#counted_count_1", "12")
    page.click("#incident-submit")
    page.wait_for_selector("#incident-reference")
    persons = page.inner_text("#incident-persons")
    assert all(name in persons for name in SUSPECTS)
    assert page.inner_text("#incident-persons tr.counted td.count") == "12"
    hrefs = page.eval_on_selector_all(
        "#incident-persons a[href*='/suspects/']", "links => links.map(a => a.href)"
    )
    suspect_ids = [int(re.search(r"/suspects/(\d+)/", href).group(1)) for href in hrefs]  # type: ignore[union-attr]
    assert len(suspect_ids) == 2
    return page.inner_text("#incident-reference"), suspect_ids


def _investigate(page: Any, server: Server, incident: str, case_reference: str) -> None:
    """Open an investigation on the interception and link the survivor's case on a legal
    basis (no consent): the case shows by its reference only."""
    page.goto(server + "/investigations/new/")
    page.fill("#id_title", "Passeurs du corridor Tambacounda-Kidira")
    page.fill("#id_opened_on", TODAY)
    page.check("#id_offences_som")
    page.click("#investigation-submit")
    page.wait_for_selector("#investigation-reference")
    page.fill("#id_link_incident", incident)
    page.click("#incident-link-submit")
    page.wait_for_selector(f"#linked-incidents >> text={incident}")
    page.fill("#id_link_case", case_reference)
    _select_first_real_option(page, "#id_legal_basis")
    page.fill("#id_legal_reference", "Réquisition du procureur n° 12/2026")
    page.click("#case-link-submit")
    page.wait_for_selector("#linked-cases .linked-case")
    linked = page.inner_text("#linked-cases")
    assert case_reference in linked
    assert page.locator("#linked-cases .identity-withheld").count() == 1
    assert page.locator("#linked-cases .survivor-identity").count() == 0
    assert SURVIVOR not in page.content()


def _prosecute(page: Any, server: Server, suspect_id: int) -> str:
    page.goto(server + "/prosecutions/new/")
    page.fill("#id_opened_on", TODAY)
    page.check(f"#id_suspect_{suspect_id}")
    page.click("#prosecution-submit")
    page.wait_for_selector("#prosecution-reference")
    reference = page.inner_text("#prosecution-reference")
    detail_url = page.url

    # The smuggling article of Senegal's law (the node's country): law 2005-06, art. 4.
    statute = page.eval_on_selector(
        "#id_charge_statute",
        "s => [...s.options].find(o => o.dataset.offence === 'som'"
        " && o.text.includes('2005-06')).value",
    )
    page.select_option("#id_charge_statute", statute)
    page.select_option("#id_charge_offence", "som")
    page.fill("#id_charge_charged_on", TODAY)
    page.click("#charge-submit")
    page.wait_for_selector("#charges tr.charge")
    assert "2005-06" in page.inner_text("#charges")

    for kind in ("first_appearance", "trial"):
        page.goto(detail_url)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.fill("#id_hearing_held_on", TODAY)
        page.select_option("#id_hearing_kind", kind)
        page.click("#hearing-submit")
        page.wait_for_load_state()
    assert page.locator("#hearings li.hearing").count() == 2

    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.select_option("#id_verdict_outcome", "convicted")
    page.fill("#id_verdict_decided_on", TODAY)
    page.click("#verdict-submit")
    page.wait_for_load_state()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.fill("#id_sentence_prison_months", "36")
    page.click("#sentence-submit")
    page.wait_for_load_state()
    row = page.inner_text("#charges tr.charge")
    assert "Convicted" in row and "36" in row
    return reference


def test_interception_to_conviction(browser: Any, server: Server) -> None:
    coordinator = _page(browser, server, "coordination")
    before = _headline(coordinator, server)

    worker = _page(browser, server, "travailleuse")
    case_url = _register_survivor(worker, server)

    case_reference = worker.inner_text("h1").split()[0]

    investigator = _page(browser, server, "enqueteur")
    incident, suspect_ids = _record_interception(investigator, server)
    _investigate(investigator, server, incident, case_reference)

    prosecutor = _page(browser, server, "magistrat")
    reference = _prosecute(prosecutor, server, suspect_ids[0])

    after = _headline(coordinator, server)
    assert after["incidents"] == before["incidents"] + 1
    assert after["investigations"] == before["investigations"] + 1
    assert after["prosecutions"] == before["prosecutions"] + 1
    assert after["convictions"] == before["convictions"] + 1
    assert SUSPECTS[0] not in coordinator.content()  # only figures on the indicators page

    # The survivor's case worker links the legal-aid file to the prosecution, and sees it.
    worker.goto(case_url)
    edit = worker.get_attribute("#legal-aid-edit", "href")
    answer = worker.goto(server + edit if edit.startswith("/") else edit)
    assert answer is not None and answer.status == 200, worker.content()[:3000]
    worker.check("#id_wishes_yes")
    worker.fill("#id_lawyer_name", "Me Aminata Ndiaye")
    worker.fill("#id_prosecution_reference", reference)
    worker.click("#legal-aid-submit")
    worker.wait_for_selector("#legal-aid-prosecution")
    assert reference in worker.inner_text("#legal-aid-prosecution")
    assert "Me Aminata Ndiaye" in worker.inner_text("#legal-aid-lawyer")

    # The investigator has no consent from the survivor: the case is not found, the name
    # appears nowhere they can reach.
    response = investigator.goto(case_url)
    assert response is not None and response.status == 404
    assert SURVIVOR not in investigator.content()
    investigator.goto(server + "/cases/")
    assert SURVIVOR not in investigator.content()
    for page in (coordinator, worker, investigator, prosecutor):
        page.context.close()
