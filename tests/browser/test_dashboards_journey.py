"""A coordinator and an analyst open every dashboard in a real Chromium, in French and Arabic.

The server starts with no survivor cases (`seed_demo --cases 0`); this module adds 60 demo
cases (`jokko.demo.seed`, the same walk through identification, referrals, services, returns
and follow-ups as the demo), makes a dozen referrals and every planned follow-up overdue, and
rebuilds the analytical store. Other browser tests read only their own records, so the extra
cases change nothing for them.

On every dashboard: no console error, no request to anything but the test server, every chart
drawn by ECharts with data, the table under each chart filled, and a screenshot that is a real
picture (big enough, many colours, not one flat background). The analyst's pages show small
counts as "< 5"; the Arabic pages are right to left with the value axis mirrored.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from PIL import Image

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser

SLUGS = ["overview", "survivors", "referrals", "services", "justice", "returns", "overdue"]

PREPARE = """
import datetime
from jokko.cases.models import FollowUp, Referral
from jokko.demo.seed import seed

seed("SN", 60, seed=7, log=lambda message: None)
past = datetime.date.today() - datetime.timedelta(days=20)
late = Referral.objects.filter(status__in=["sent", "accepted"]).order_by("pk")
Referral.objects.filter(pk__in=list(late.values_list("pk", flat=True)[:12])).update(due_on=past)
FollowUp.objects.filter(status="planned").update(due_on=past)
"""

# Per chart: its series' data as the page script gave it to ECharts.
CHARTS = """
() => Array.from(document.querySelectorAll('.dashboard-chart')).map(function (el) {
  var chart = echarts.getInstanceByDom(el);
  if (!chart) { return {id: el.id, drawn: false}; }
  var option = chart.getOption();
  var data = option.series[0].data.map(function (d) {
    return (d !== null && typeof d === 'object') ? d.value : d;
  });
  var axis = (option.xAxis && option.xAxis[0]) || {};
  return {id: el.id, drawn: true, type: option.series[0].type, data: data,
          inverse: !!axis.inverse, height: el.getBoundingClientRect().height};
})
"""


@pytest.fixture(scope="module")
def demo_cases(server: Server) -> Server:
    server.jokko("shell", "-c", PREPARE)
    server.jokko("analytics_refresh", "--full", "--quiet")
    return server


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page, the console errors it logs and the hosts of every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    hosts: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: hosts.append(urlparse(request.url).hostname or ""))
    yield page, errors, hosts
    context.close()


def _choose_language(page: Any, code: str) -> None:
    page.click(f"button[name=language][value={code}]")
    page.wait_for_load_state()


def _check_screenshot(png: bytes) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    assert width >= 1000 and height >= 800, image.size
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50, f"only {len(colours)} colours: a blank page"
    # The most common colour (the background) is far from the whole picture.
    commonest = max(count for count, _ in colours)
    assert commonest < 0.95 * width * height


def _open_every_dashboard(
    page: Any, server: str, errors: list[str], hosts: list[str], *, exact: bool
) -> dict[str, list[dict[str, Any]]]:
    seen: dict[str, list[dict[str, Any]]] = {}
    for slug in SLUGS:
        path = "/dashboards/" if slug == "overview" else f"/dashboards/{slug}/"
        page.goto(server + path)
        page.wait_for_function(
            "() => typeof echarts !== 'undefined' && Array.from("
            "document.querySelectorAll('.dashboard-chart')).every("
            "el => echarts.getInstanceByDom(el))"
        )
        charts = page.evaluate(CHARTS)
        assert charts, f"{slug}: no chart"
        for chart in charts:
            assert chart["drawn"] and chart["height"] > 100, (slug, chart)
            assert chart["data"], f"{slug}: {chart['id']} has no data"
            if exact:
                assert any(value is not None for value in chart["data"]), (slug, chart)
        # Each chart's table is filled too (what a screen reader or a basic phone gets).
        for table in page.locator("table.dashboard-table").all():
            assert table.locator("tbody tr").count() >= 1
        png = page.screenshot(full_page=True)
        _check_screenshot(png)
        seen[slug] = charts
    assert not errors, errors
    assert hosts and set(hosts) <= {"127.0.0.1", "localhost"}, set(hosts)
    return seen


def test_coordinator_opens_every_dashboard_with_exact_figures(
    demo_cases: Server, watched: tuple[Any, list[str], list[str]]
) -> None:
    page, errors, hosts = watched
    log_in(page, demo_cases, "coordination")
    page.click("#nav-dashboards")
    page.wait_for_selector("#dashboard-title")
    seen = _open_every_dashboard(page, demo_cases, errors, hosts, exact=True)
    assert seen["referrals"][0]["type"] == "funnel"
    assert seen["survivors"][0]["type"] == "line"
    assert page.locator("#exact-note").count() == 1
    # A quick quarter filter applies (and the page says which filters a chart ignores).
    page.goto(demo_cases + "/dashboards/justice/")
    page.select_option("#id_region", "SN-KE")
    page.click("#dashboard-apply")
    page.wait_for_selector("#card-prosecutions-offence .ignored")
    # Bad input: a clear message, and the figures of no filter.
    page.goto(demo_cases + "/dashboards/survivors/?start=2025-13-40")
    assert "AAAA-MM-JJ" in page.inner_text("#form-errors") or "YYYY-MM-DD" in page.inner_text(
        "#form-errors"
    )


def test_analyst_sees_small_counts_hidden(
    demo_cases: Server, watched: tuple[Any, list[str], list[str]]
) -> None:
    page, errors, hosts = watched
    log_in(page, demo_cases, "analyste")
    _open_every_dashboard(page, demo_cases, errors, hosts, exact=False)
    page.goto(demo_cases + "/dashboards/survivors/")
    shown = page.locator("#table-nationality td.value").all_inner_texts()
    assert "< 5" in shown and "0" not in shown
    assert page.locator("#small-count-note").count() == 1


def test_dashboards_in_arabic_are_mirrored(
    demo_cases: Server, watched: tuple[Any, list[str], list[str]]
) -> None:
    page, errors, hosts = watched
    log_in(page, demo_cases, "coordination")
    _choose_language(page, "ar")
    try:
        assert page.get_attribute("html", "dir") == "rtl"
        seen = _open_every_dashboard(page, demo_cases, errors, hosts, exact=True)
        # Time and values run right to left: the category axis of the line, the value axis of
        # the bars, are inverted.
        assert all(chart["inverse"] for chart in seen["survivors"])
    finally:
        _choose_language(page, "fr")
