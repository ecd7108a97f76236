"""The Content-Security-Policy breaks no page: every role's main pages load in a real Chromium
without a single CSP violation (inline script or style, eval, a resource from elsewhere).

The pages come from each role's own navigation bar, so pages added later are covered as soon
as they are linked. Charts get time to draw (ECharts styles its elements from a static file).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# Records violations even when Chromium does not print them (e.g. for styles).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                    + e.sourceFile + ':' + e.lineNumber);
});
"""

ROLES = [
    "coordination",
    "travailleuse",
    "autre-ong",
    "ecoute",
    "enqueteur",
    "magistrat",
    "analyste",
    "relais",
    "programme",
    "admin",
]


@pytest.fixture
def watched_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(20000)
    console: list[str] = []
    page.on(
        "console",
        lambda msg: console.append(msg.text)
        if msg.type == "error" and "Content Security Policy" in msg.text
        else None,
    )
    yield page, console
    context.close()


def _violations(page: Any, console: list[str]) -> list[str]:
    found = list(console) + list(page.evaluate("window.__csp || []"))
    console.clear()
    return found


def _visit(page: Any, console: list[str], url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # charts finish drawing after their data is parsed
    # hover over the first charts: ECharts builds its tooltips as HTML when the pointer moves
    for chart in page.query_selector_all("canvas")[:3]:
        box = chart.bounding_box()
        if box and box["width"] > 0:
            for fx, fy in ((0.5, 0.5), (0.3, 0.6), (0.7, 0.4)):
                page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                page.wait_for_timeout(150)
    return [f"{urlparse(url).path}: {v}" for v in _violations(page, console)]


def _nav_links(page: Any, server: str) -> list[str]:
    hrefs = page.eval_on_selector_all("header a[href]", "els => els.map(e => e.href)")
    same_origin = [h for h in hrefs if h.startswith(server) and "/logout" not in h]
    return list(dict.fromkeys(same_origin))


@pytest.mark.parametrize("username", ROLES)
def test_every_role_main_pages_have_no_csp_violation(
    server: Any, watched_page: tuple[Any, list[str]], username: str
) -> None:
    page, console = watched_page
    problems = _visit(page, console, server + "/accounts/login/")
    log_in(page, server, username)
    problems += _violations(page, console)
    links = _nav_links(page, server)
    assert len(links) >= 2, links  # home plus at least one page of the role
    for url in links:
        problems += _visit(page, console, url)
    if username in ("coordination", "enqueteur"):
        # the same pages mirrored in Arabic
        page.click("form.lang button[value=ar]")
        page.wait_for_selector("html[dir=rtl]")
        for url in links:
            problems += _visit(page, console, url)
        page.click("form.lang button[value=fr]")
        page.wait_for_selector("html[dir=ltr]")
    assert not problems, problems


def test_public_pages_have_no_csp_violation(
    server: Any, watched_page: tuple[Any, list[str]]
) -> None:
    page, console = watched_page
    problems = _visit(page, console, server + "/community/report/")
    problems += _visit(page, console, server + "/accounts/login/")
    assert not problems, problems
    # the public form keeps its look: its inline <style> is allowed by the nonce
    assert page.goto(server + "/community/report/") is not None
    button = page.query_selector("button[type=submit]:not([name=language])")
    assert button is not None
    assert page.evaluate("el => getComputedStyle(el).minHeight", button) == "48px"


def test_the_policy_is_enforced_and_violations_are_caught(
    server: Any, watched_page: tuple[Any, list[str]]
) -> None:
    """An injected inline script or <style> block does not apply, and the watcher reports it:
    a test above would fail if a page relied on inline code."""
    page, console = watched_page
    page.goto(server + "/accounts/login/")
    _violations(page, console)
    page.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.head.appendChild(s);
        const st = document.createElement('style');
        st.textContent = 'body { color: rgb(255, 0, 0) }'; document.head.appendChild(st); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    found = _violations(page, console)
    assert any("script-src" in v for v in found), found
    assert any("style-src" in v for v in found), found
