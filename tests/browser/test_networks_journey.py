"""The investigator explores the demo network in a real Chromium, in French then in Arabic.

Logged in as the demo `enqueteur`, they open Networks from the navigation: the central actors
(chart and table) and the connected groups; they open the network of the first actor (an
ECharts force graph with nodes and links, the same entities in the table), then ask how the
Kidira convoy's phone is connected to the Guet Ndar boat. Then the same graph in Arabic, right
to left. Throughout: no console error, no request leaves loopback, and the screenshots of the
graph are checked to hold a drawing (many colours, not a blank box).
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from PIL import Image

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser
LOOPBACK = {"127.0.0.1", "localhost"}


def _assert_drawn(png: bytes) -> None:
    """A drawn graph: many distinct colours (nodes of several categories, labels, links) and a
    real share of non-white pixels; an empty container is one flat colour."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width > 200 and image.height > 200
    colours: list[Any] = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 30, len(colours)
    ink = sum(count for count, (red, green, blue) in colours if min(red, green, blue) < 235)
    assert ink > 0.01 * image.width * image.height


def _graph_rendered(page: Any) -> dict[str, int]:
    page.wait_for_selector("#network-chart[data-rendered='true']")
    return dict(
        page.evaluate(
            """() => {
                const chart = echarts.getInstanceByDom(document.getElementById('network-chart'));
                const series = chart.getOption().series[0];
                return {nodes: series.data.length, links: series.links.length,
                        categories: series.categories.length};
            }"""
        )
    )


def test_investigator_explores_the_network_in_french_and_arabic(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(30000)
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    log_in(page, server, "enqueteur")
    page.click("#nav-networks")
    page.wait_for_selector("#network-actors .network-actor")
    page.wait_for_selector("#actors-chart[data-rendered='true']")
    first_actor = page.locator("#network-actors .network-actor td").first.inner_text()
    assert first_actor == "Cheikh Tidiane Ndiaye"
    assert page.locator("#network-components .network-component").count() >= 2
    _assert_drawn(page.locator("#actors-chart").screenshot(path=tmp_path / "actors-fr.png"))

    page.locator("#network-actors .network-actor a").first.click()
    page.wait_for_selector("#network-nodes")
    page.select_option("#network-hops", "3")
    page.click("#network-show")
    page.wait_for_selector("#network-nodes")
    drawn = _graph_rendered(page)
    assert drawn["nodes"] >= 10 and drawn["links"] >= 10 and drawn["categories"] >= 5
    assert page.locator("#network-nodes .network-node").count() == drawn["nodes"]
    table = page.locator("#network-links").inner_text()
    assert "+221774123890" in table and "Ousmane Keïta" in table
    _assert_drawn(page.locator("#network-chart").screenshot(path=tmp_path / "network-fr.png"))

    page.click("a[href='/networks/path/']")
    page.fill("#path-a", "+221 77 412 38 90")
    page.fill("#path-b", "SL-1187")
    page.click("#path-find")
    page.wait_for_selector("#path-steps")
    steps = page.locator("#path-steps .path-step")
    assert steps.count() >= 3
    assert "SL1187" in steps.last.inner_text()
    assert _graph_rendered(page)["nodes"] == steps.count()

    page.click("button[name=language][value=ar]")
    page.wait_for_selector("html[dir=rtl]")
    page.goto(server + "/networks/")
    page.locator("#network-actors .network-actor a").first.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    drawn = _graph_rendered(page)
    assert drawn["nodes"] >= 5 and drawn["links"] >= 5
    _assert_drawn(page.locator("#network-chart").screenshot(path=tmp_path / "network-ar.png"))
    page.screenshot(path=tmp_path / "network-ar-page.png", full_page=True)

    assert errors == [], errors
    outside = [url for url in requests if urlparse(url).hostname not in LOOPBACK]
    assert outside == [], outside
    context.close()

    audited = server.jokko("shell", "-c", _NETWORK_READS)
    assert int(audited.split()[-1]) > 0  # the shell prints its auto-imports first
    if keep := os.environ.get("JOKKO_SCREENSHOTS"):  # to look at them: a directory to copy to
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, keep)


_NETWORK_READS = (
    "from jokko.audit.models import AuditEntry\n"
    "print(AuditEntry.objects.filter(action='read', object_type='person',"
    " actor_username='enqueteur', detail__purpose='network').count())"
)
