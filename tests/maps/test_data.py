"""The maps' figures on the hand-made store of `tests/maps/store.py` (answers worked by hand)."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jokko.analytics.filters import Filters
from jokko.hotspots import Rule
from jokko.maps.data import (
    OTHER,
    emerging_hotspots,
    hotspot_points,
    layer_totals,
    region_identifications,
    route_flows,
)
from tests.maps.store import hand_made

LAYER_KEYS = ("identifications", "incidents", "interceptions", "total")


def table(points: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {p["place_code"]: tuple(p[k] for k in LAYER_KEYS) for p in points}


def test_exact_hotspots_count_persons_once_and_split_interceptions() -> None:
    points = hotspot_points(hand_made(), Filters(), suppress=False)
    assert [p["place_code"] for p in points] == [
        "NE-1-AGADEZ",
        "SN-KE-KEDOUGOU",
        "MR-08-NOUADHIBOU",
        "SN-KE-BANTACO",
        "SN-KE-SARAYA",
    ]
    assert table(points) == {
        "NE-1-AGADEZ": (0, 3, 5, 8),
        "SN-KE-KEDOUGOU": (7, 1, 0, 8),
        "MR-08-NOUADHIBOU": (0, 0, 6, 6),
        "SN-KE-BANTACO": (6, 0, 0, 6),
        "SN-KE-SARAYA": (2, 0, 0, 2),
    }
    kedougou = points[1]
    assert (kedougou["lon"], kedougou["lat"], kedougou["name"]) == (-12.1744, 12.5556, "Kédougou")
    assert layer_totals(points) == {
        "identifications": 15,
        "incidents": 4,
        "interceptions": 11,
        "total": 30,
    }


def test_suppressed_hotspots_hide_small_places_and_their_complement() -> None:
    points = hotspot_points(hand_made(), Filters(), suppress=True)
    # Saraya (2) is small; Kédougou region publishes its sum, so the smallest other place of
    # the region (Bantaco, 6) is hidden too. Kédougou's single arrest and Agadez's 3 raids are
    # small; every place with a hidden layer loses its total.
    assert table(points) == {
        "NE-1-AGADEZ": (0, None, 5, None),
        "SN-KE-KEDOUGOU": (7, None, 0, None),
        "MR-08-NOUADHIBOU": (0, 0, 6, 6),
        "SN-KE-BANTACO": (None, 0, 0, None),
        "SN-KE-SARAYA": (None, 0, 0, None),
    }
    assert layer_totals(points) == {
        "identifications": None,
        "incidents": None,
        "interceptions": 11,
        "total": None,
    }


def test_filters_period_region_and_form() -> None:
    conn = hand_made()
    recent = table(hotspot_points(conn, Filters(start=datetime.date(2025, 1, 1)), suppress=False))
    assert "SN-KE-BANTACO" not in recent and recent["SN-KE-KEDOUGOU"] == (7, 1, 0, 8)
    region = table(hotspot_points(conn, Filters(region="SN-KE"), suppress=False))
    assert set(region) == {"SN-KE-KEDOUGOU", "SN-KE-SARAYA", "SN-KE-BANTACO"}
    country = table(hotspot_points(conn, Filters(region="NE"), suppress=False))
    assert country == {"NE-1-AGADEZ": (0, 3, 5, 8)}
    # Incidents record no form of exploitation: not applicable (None), never unfiltered.
    forced = table(hotspot_points(conn, Filters(exploitation_type="forced_labour"), suppress=False))
    assert forced == {"SN-KE-KEDOUGOU": (1, None, None, 1)}


def test_exact_route_flows() -> None:
    flows = route_flows(hand_made(), Filters(), suppress=False)
    assert [(f["origin"], f["transit"], f["destination"], f["value"]) for f in flows] == [
        ("NG", "ML-1-KAYES", "SN-KE-KEDOUGOU", 6),
        ("SN-DK-DAKAR", None, "ES-CN", 2),
        ("GN", None, "SN-KE-KEDOUGOU", 1),
    ]
    first = flows[0]
    assert first["origin_name"] == "Nigeria"
    # A country end is drawn at its capital (Abuja).
    assert (first["origin_lon"], first["origin_lat"]) == pytest.approx((7.49, 9.06), abs=0.1)
    assert (first["transit_name"], first["destination_name"]) == ("Kayes", "Kédougou")
    assert flows[1]["transit_lon"] is None
    forced = route_flows(hand_made(), Filters(exploitation_type="forced_labour"), suppress=False)
    assert [(f["origin"], f["transit"], f["destination"], f["value"]) for f in forced] == [
        ("SN-DK-DAKAR", None, "ES-CN", 1)
    ]
    spring = Filters(start=datetime.date(2025, 4, 2), region="SN-KE")
    late = route_flows(hand_made(), spring, suppress=False)
    assert [(f["origin"], f["destination"], f["value"]) for f in late] == [
        ("GN", "SN-KE-KEDOUGOU", 1),
        ("SN-DK-DAKAR", "ES-CN", 1),
    ]


def test_suppressed_route_flows_fold_small_routes_into_other() -> None:
    flows = route_flows(hand_made(), Filters(), suppress=True)
    assert [(f["origin"], f["destination"], f["value"]) for f in flows] == [
        ("NG", "SN-KE-KEDOUGOU", 6),
        (OTHER, OTHER, None),  # 2 + 1 survivors folded: still small, so hidden
    ]


def test_region_identifications_and_arabic_names() -> None:
    conn = hand_made()
    assert region_identifications(conn, Filters(), suppress=False) == [
        {"region_code": "SN-KE", "name": "Kédougou", "country": "SN", "value": 15}
    ]
    late = Filters(start=datetime.date(2025, 4, 2))
    assert region_identifications(conn, late, suppress=True)[0]["value"] is None  # 2: small
    with translation.override("ar"):
        points = hotspot_points(conn, Filters(), suppress=False)
        flows = route_flows(conn, Filters(), suppress=False)
    names = {p["place_code"]: p["name"] for p in points}
    assert names["MR-08-NOUADHIBOU"] == "نواذيبو"
    assert flows[0]["origin_name"] == "نيجيريا"


def monthly_store() -> Any:
    """Monthly series from January 2024 to March 2025 (15 months), answers worked by hand.

    Nouadhibou: 1 boat interception a month in 2024, then 6 a month (recent 18, baseline 12).
    Dakar: 2 survivors identified every month (flat). Saraya: nothing, then 2 in March 2025.
    Agadez: 1 border interception in March and in June 2024, then 3 a month in 2025.
    """
    from tests.maps.store import add_case, add_incident, empty_store

    conn = empty_store()
    ids = iter(range(1, 10_000))
    months = [f"{2024 + (m // 12)}-{m % 12 + 1:02d}-15" for m in range(15)]
    for index, day in enumerate(months):
        for _n in range(1 if index < 12 else 6):
            add_incident(conn, next(ids), "boat_interception", "MR-08-NOUADHIBOU", day)
        for _n in range(2):
            person = next(ids)
            add_case(conn, person, person, "SN-DK-DAKAR", day)
        if index >= 12:
            for _n in range(3):
                add_incident(conn, next(ids), "border_interception", "NE-1-AGADEZ", day)
    for day in ("2024-03-03", "2024-06-03"):
        add_incident(conn, next(ids), "border_interception", "NE-1-AGADEZ", day)
    for _n in range(2):
        person = next(ids)
        add_case(conn, person, person, "SN-KE-SARAYA", "2025-03-20")
    return conn


def test_emerging_hotspots_on_the_store() -> None:
    conn = monthly_store()
    today = datetime.date(2025, 4, 10)  # the last complete month is March 2025
    found = emerging_hotspots(conn, Filters(), suppress=False, today=today)
    assert (found["recent_from"], found["recent_to"]) == ("2025-01-01", "2025-03-31")
    flagged = {(p["place_code"], p["layer"]): p for p in found["places"]}
    assert set(flagged) == {
        ("MR-08-NOUADHIBOU", "interceptions"),
        ("NE-1-AGADEZ", "interceptions"),
    }
    nouadhibou = flagged[("MR-08-NOUADHIBOU", "interceptions")]
    assert (nouadhibou["recent"], nouadhibou["baseline"], nouadhibou["ratio"]) == (18, 12, 6.0)
    agadez = flagged[("NE-1-AGADEZ", "interceptions")]
    assert (agadez["recent"], agadez["baseline"]) == (9, 2)
    # P(Binomial(11, 1/5) >= 9), exactly.
    assert agadez["p"] == pytest.approx(
        sum(math.comb(11, i) * 0.2**i * 0.8 ** (11 - i) for i in range(9, 12))
    )
    # Suppressed: Agadez's baseline of 2 is small, so it goes, and with it the ratio and the
    # exact p-values that would give it back; only "p below 0.001" remains.
    hidden = emerging_hotspots(conn, Filters(), suppress=True, today=today)
    agadez = next(p for p in hidden["places"] if p["place_code"] == "NE-1-AGADEZ")
    assert (agadez["recent"], agadez["baseline"], agadez["ratio"], agadez["p"]) == (
        9,
        None,
        None,
        None,
    )
    assert agadez["p_below"] == 0.001
    # Before the surge (window ending December 2024): nothing is flagged.
    calm = emerging_hotspots(conn, Filters(end=datetime.date(2024, 12, 31)), suppress=False)
    assert calm["places"] == []
    # A region filter keeps Senegal's places only: none of them rises.
    assert (
        emerging_hotspots(conn, Filters(region="SN"), suppress=False, today=today)["places"] == []
    )


def test_emerging_hotspots_seasonal_rule_needs_two_years() -> None:
    conn = monthly_store()
    seasonal = Rule(season=12, seasons=2)
    found = emerging_hotspots(
        conn, Filters(), suppress=False, rule=seasonal, today=datetime.date(2025, 4, 10)
    )
    # 27 months of history are needed; the store starts in January 2024, so the series are
    # zero-padded and the same months of 2023 (all zero) count as history: the rises are
    # still flagged, the flat series still is not.
    assert found["rule"]["seasonal"] is True
    assert {p["place_code"] for p in found["places"]} == {"MR-08-NOUADHIBOU", "NE-1-AGADEZ"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=3, max_size=3))
def test_no_hidden_place_can_be_recovered_from_its_region(counts: list[int]) -> None:
    """Whatever the counts at three places of one region, a suppressed place is never the
    only hidden one of a region whose figure is published (it would be region - others)."""
    from tests.maps.store import add_case, empty_store

    conn = empty_store()
    person = 0
    region_places = ("SN-KE-KEDOUGOU", "SN-KE-SARAYA", "SN-KE-MAKO")
    for place, n in zip(region_places, counts, strict=True):
        for _n in range(n):
            person += 1
            add_case(conn, person, person, place, "2025-03-01")
    points = hotspot_points(conn, Filters(), suppress=True)
    shown = {p["place_code"]: p["identifications"] for p in points}
    for value in shown.values():
        assert value is None or value == 0 or value >= 5
    region = region_identifications(conn, Filters(), suppress=True)
    published = bool(region) and region[0]["value"] is not None
    hidden = [code for code, value in shown.items() if value is None]
    if published:
        assert len(hidden) != 1, (counts, shown)
