"""A coordinator and an analyst read the map of hotspots and routes, in French and in Arabic.

The session's server has no cases: this test records, through the real actions, eleven
survivors on two routes (Benin City -> Kayes -> Kédougou, and Mbour -> Arguineguín) and a
series of operations (boat interceptions at Nouadhibou, three a month from September to November
2026, raids at Agadez), in October-November 2026 so that no other journey's period is touched,
then refreshes the analytical store. The page must load with no console error and no request
leaving 127.0.0.1, the map must have its boundaries registered and its layers filled, the
Sankey its links, and the screenshots must show a drawn map (many colours, not a blank box).
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from PIL import Image

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser

SEED = """
import datetime
from jokko.accounts.models import Organisation, User
from jokko.cases.actions import CaseInput, register_survivor
from jokko.incidents.models import Incident
from jokko.people.actions import PersonInput

worker = User.objects.get(username="autre-ong")
police = Organisation.objects.filter(kind="police").first()
tag = "{tag}"

def survivor(n, place, origin, transit, destination, day, forms):
    person = PersonInput(names=[f"Carte{{tag}} Survivante{{n}}"], sex="female", birth_year=1995,
                         nationality="NG", phones=[], documents=[])
    register_survivor(worker, person, CaseInput(
        case_type="tip", identification_source="ngo", identified_on=day, place_code=place,
        origin_code=origin, transit_codes=transit, destination_code=destination,
        exploitation_types=forms))

for n in range(6):
    survivor(n, "SN-KE-KEDOUGOU", "NG-ED-BENIN_CITY", ["ML-1-KAYES"], "SN-KE-KEDOUGOU",
             datetime.date(2026, 10, 5 + n), ["sexual_exploitation"])
for n in range(6, 11):
    survivor(n, "SN-TH-MBOUR", "SN-TH-MBOUR", [], "ES-CN-ARGUINEGUIN",
             datetime.date(2026, 11, 2 + n), ["forced_labour"])
for month in (9, 10, 11):
    for day in (3, 10, 17):
        Incident.objects.create(reference=f"MAP-{{tag}}-{{month}}-{{day}}",
                                kind="boat_interception",
                                occurred_on=datetime.date(2026, month, day),
                                place_code="MR-08-NOUADHIBOU", unit=police, offences=["som"])
for n in range(3):
    Incident.objects.create(reference=f"MAP-{{tag}}-AG{{n}}", kind="raid_rescue",
                            occurred_on=datetime.date(2026, 10, 20 + n),
                            place_code="NE-1-AGADEZ", unit=police, offences=["tip"])
"""

MAP_STATE = """() => {
  const map = window.echarts.getInstanceByDom(document.getElementById("hotspot-map"));
  const sankey = window.echarts.getInstanceByDom(document.getElementById("route-sankey"));
  const geo = window.echarts.getMap("jokko");
  const option = map.getOption();
  return {
    features: geo ? (geo.geoJSON || geo.geoJson).features.length : 0,
    series: option.series.map((s) => [s.type, s.data.length]),
    identified: option.series[3].data.map((d) => d.code).sort(),
    legendRight: option.legend[0].right === undefined ? null : option.legend[0].right,
    sankeyNodes: sankey.getOption().series[0].data.length,
    sankeyLinks: sankey.getOption().series[0].links.length,
    sankeyNames: sankey.getOption().series[0].data.map((n) => n.display),
  };
}"""


class Watch:
    """Console errors, page errors and every requested URL of one page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.urls: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.urls.append(r.url))

    def check(self) -> None:
        assert not self.errors, self.errors
        hosts = {urlparse(url).hostname for url in self.urls if url.startswith("http")}
        assert hosts <= {"127.0.0.1", "localhost"}, hosts
        assert any(url.endswith("countries-50m.geojson") for url in self.urls)


def cell_texts(page: Any, place: str) -> list[str]:
    cells = page.locator(f'#hotspot-table tr[data-place="{place}"] td').all_inner_texts()
    return [str(text).strip() for text in cells[1:]]


def check_screenshot(png: bytes, path: Path, height: int = 500) -> None:
    path.write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width >= 600 and image.height >= height
    colours = image.getcolors(maxcolors=1_000_000) or []
    # Land, sea, borders, circles of three layers, route lines: hundreds of colours once
    # antialiased; a blank or failed chart has a handful.
    assert len(colours) > 200, len(colours)


def open_map(browser: Any, server: Server, username: str, language: str | None = None) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 1000}, locale="fr-FR")
    if language:
        context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    page = context.new_page()
    page.set_default_timeout(60000)  # the first visit may refresh the store
    return context, page


def count(page: Any, place: str, column: int) -> int:
    """A place's figure in the table (0 when the place is not listed)."""
    cells = cell_texts(page, place)
    return int(cells[column]) if cells else 0


def test_map_of_hotspots_and_routes(browser: Any, server: Server, tmp_path: Path) -> None:
    # Earlier journeys may have recorded cases without refreshing the store: bring it up to date
    # first, so that "before" below counts them and the difference is this test's records only.
    server.jokko("analytics_refresh")
    context, page = open_map(browser, server, "coordination")
    watch = Watch(page)
    log_in(page, server, "coordination")
    page.click("#nav-maps")
    page.wait_for_selector("#hotspot-map[data-ready='1']")
    # The period of this test's records; the demo's few records there are counted first.
    page.fill("#id_start", "2026-10-01")
    page.fill("#id_end", "2026-11-30")
    page.click("#map-filters button[type=submit]")
    page.wait_for_url("**/maps/?*")
    page.wait_for_selector("#hotspot-map[data-ready='1']")
    before = {place: count(page, place, 0) for place in ("SN-KE-KEDOUGOU", "SN-TH-MBOUR")}

    server.jokko("shell", "-c", SEED.format(tag=uuid.uuid4().hex[:6]))
    server.jokko("analytics_refresh")
    page.reload()
    page.wait_for_selector("#hotspot-map[data-ready='1']")
    state = page.evaluate(MAP_STATE)
    assert state["features"] > 50  # Africa and Europe, registered from the vendored file
    kinds = ["lines", "scatter", "lines", "scatter", "scatter", "scatter", "effectScatter"]
    assert [kind for kind, _size in state["series"]] == kinds
    region_lines, _regions, routes, _identified, incidents, interceptions, emerging = [
        size for _kind, size in state["series"]
    ]
    assert region_lines > 1000  # Natural Earth admin-1 boundaries around the covered countries
    assert routes >= 2 and incidents >= 1 and interceptions >= 1 and emerging >= 1
    assert {"SN-KE-KEDOUGOU", "SN-TH-MBOUR"} <= set(state["identified"])
    assert state["legendRight"] is None  # French: legend on the left
    assert state["sankeyLinks"] >= 3
    assert {"Benin City", "Kayes", "Kédougou", "Mbour", "Arguineguín"} <= set(state["sankeyNames"])
    assert count(page, "SN-KE-KEDOUGOU", 0) == before["SN-KE-KEDOUGOU"] + 6
    assert count(page, "SN-TH-MBOUR", 0) == before["SN-TH-MBOUR"] + 5
    assert cell_texts(page, "MR-08-NOUADHIBOU")[2] == "6"
    # Nine interceptions in three months at a place with none before: an emerging hotspot.
    assert page.locator('#emerging-table tr[data-place="MR-08-NOUADHIBOU"]').count() == 1
    check_screenshot(page.locator("#hotspot-map").screenshot(), tmp_path / "map-fr.png")
    watch.check()
    context.close()

    # The analyst: the same figures, with Agadez's three raids hidden.
    context, page = open_map(browser, server, "analyste")
    watch = Watch(page)
    log_in(page, server, "analyste")
    page.goto(server + "/maps/?start=2026-10-01&end=2026-11-30")
    page.wait_for_selector("#hotspot-map[data-ready='1']")
    assert page.locator("#small-count-note").count() == 1
    assert cell_texts(page, "NE-1-AGADEZ")[1] == "\u2013"
    assert cell_texts(page, "MR-08-NOUADHIBOU")[2] == "6"
    hidden = page.evaluate(
        """() => window.echarts.getInstanceByDom(document.getElementById("hotspot-map"))
            .getOption().series[4].data.map((d) => d.code)"""
    )
    assert "NE-1-AGADEZ" not in hidden  # a hidden figure is not drawn either
    watch.check()
    context.close()

    # In Arabic the page is mirrored and the legend moves to the right.
    context, page = open_map(browser, server, "coordination", language="ar")
    watch = Watch(page)
    log_in(page, server, "coordination")
    page.goto(server + "/maps/?start=2026-10-01&end=2026-11-30")
    page.wait_for_selector("#hotspot-map[data-ready='1']")
    assert page.get_attribute("html", "dir") == "rtl"
    state = page.evaluate(MAP_STATE)
    assert state["legendRight"] == 10 and state["sankeyLinks"] >= 3
    assert "أغاديس" in page.inner_text("#hotspot-table")  # Agadez, in Arabic script
    check_screenshot(page.locator("#hotspot-map").screenshot(), tmp_path / "map-ar.png")
    check_screenshot(page.locator("#route-sankey").screenshot(), tmp_path / "sankey-ar.png", 350)
    watch.check()
    context.close()
