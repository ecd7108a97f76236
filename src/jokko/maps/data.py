"""The figures behind the maps: hotspots per place, route flows, identifications per region.

Why a module of its own: the map page, the maps API and the quarterly report's PDF map must
show the same figures with the same suppression, so they all call these functions on a DuckDB
connection of the analytical store (`jokko.analytics.store.connect()`).

What is counted:

* identifications: distinct survivors (`person_no`) identified at the place in the period, as
  the `survivors_identified` indicator counts them;
* interceptions: incidents of kind border interception, boat interception or prevented boat
  departure at the place;
* incidents: every other operation (raid and rescue, arrest, other) at the place, so that
  `total` = identifications + incidents + interceptions counts nothing twice.

Incidents record offences, not forms of exploitation: with an exploitation-form filter their
counts are `None` ("not applicable"), never a figure that ignores the filter.

Suppression (`suppress=True`, for analysts and everything that leaves the node): within each
layer, a place whose count is 1..threshold-1 is hidden (None). Because the region choropleth
publishes the region's sum of its places, the secondary rule of `jokko.analytics.suppress` is
applied per region: if exactly one place of a region is hidden, the smallest visible place of
that region is hidden too. A place's `total` is hidden as soon as one of its layers is (else
it would give the hidden layer back by subtraction). Route flows below the threshold are
folded into one "other routes" row, itself hidden when it is still small.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import duckdb
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jokko.analytics.filters import Filters
from jokko.analytics.suppress import is_small, node_threshold, suppress_rows
from jokko.gazetteer import places
from jokko.hotspots import Rule, detect

LAYERS: tuple[str, ...] = ("identifications", "incidents", "interceptions")
INTERCEPTION_KINDS: tuple[str, ...] = (
    "border_interception",
    "boat_interception",
    "boat_departure",
)
OTHER = "OTHER"
"""The code of the row that gathers route flows too small to be shown one by one."""

CASE_FILTERS: dict[str, str] = {
    "region_column": "region_code",
    "country_column": "country",
    "exploitation_column": "exploitation_types",
    "organisation_column": "organisation_id",
}
INCIDENT_FILTERS: dict[str, str] = {"region_column": "region_code", "country_column": "country"}

Conn = duckdb.DuckDBPyConnection


def _language() -> str:
    return (get_language() or "fr").split("-")[0]


def place_name(place: places.Place, language: str | None = None) -> str:
    """The place's name in the page language (Arabic script in Arabic when the gazetteer has it)."""
    if (language or _language()) == "ar" and place.name_ar:
        return place.name_ar
    return place.name


@lru_cache(maxsize=64)
def country_point(iso2: str) -> tuple[float, float] | None:
    """(lon, lat) that stands for a whole country: its capital, else the mean of its regions.

    Route origins and destinations are often recorded as a country only ("NG"); a flow line
    needs an end point, and the capital is where people and institutions recognise the country.
    """
    country = iso2.upper()
    members = [p for p in places.all_places() if p.country == country]
    for place in members:
        if "capital" in place.tags:
            return place.lon, place.lat
    regions = [p for p in members if p.kind == "region"] or members
    if not regions:
        return None
    return (
        round(sum(p.lon for p in regions) / len(regions), 4),
        round(sum(p.lat for p in regions) / len(regions), 4),
    )


def locate(code: str | None, language: str | None = None) -> tuple[str, float | None, float | None]:
    """(name, lon, lat) of a gazetteer or country code; (code, None, None) when unknown."""
    if not code:
        return "", None, None
    try:
        place = places.get(code)
    except KeyError:
        if len(code) == 2 and code.upper() in places.COUNTRIES:
            point = country_point(code)
            name = places.country_name(code, language or _language())
            return (name, point[0], point[1]) if point else (name, None, None)
        return code, None, None
    return place_name(place, language), place.lon, place.lat


def _case_counts(conn: Conn, filters: Filters) -> dict[str, int]:
    where, params = filters.where("identified_on", **CASE_FILTERS)
    rows = conn.execute(
        "SELECT place_code, COUNT(DISTINCT person_no) FROM cases "  # noqa: S608
        f"WHERE place_code IS NOT NULL AND {where} GROUP BY place_code",
        params,
    ).fetchall()
    return {str(code): int(n) for code, n in rows}


def _incident_counts(conn: Conn, filters: Filters) -> tuple[dict[str, int], dict[str, int]]:
    """(other incidents, interceptions) per place."""
    where, params = filters.where("occurred_on", **INCIDENT_FILTERS)
    marks = ", ".join("?" for _kind in INTERCEPTION_KINDS)
    rows = conn.execute(
        f"SELECT place_code, kind IN ({marks}) AS interception, COUNT(*) FROM incidents "  # noqa: S608
        f"WHERE place_code IS NOT NULL AND {where} GROUP BY place_code, interception",
        [*INTERCEPTION_KINDS, *params],
    ).fetchall()
    incidents: dict[str, int] = {}
    interceptions: dict[str, int] = {}
    for code, interception, n in rows:
        (interceptions if interception else incidents)[str(code)] = int(n)
    return incidents, interceptions


def _region_of(place: places.Place) -> str:
    return place.region or place.code


def _suppress_layer(points: list[dict[str, Any]], layer: str, threshold: int) -> None:
    """Primary rule per place, secondary rule per region (the choropleth publishes region sums)."""
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for point in points:
        if point[layer] is not None:
            by_region[point["region_code"]].append(point)
    for members in by_region.values():
        rows = [{"value": p[layer], "n": p[layer]} for p in members]
        total = sum(p[layer] for p in members)
        hidden, _total = suppress_rows(rows, total=total, threshold=threshold)
        for point, row in zip(members, hidden, strict=True):
            if row["suppressed"]:
                point[layer] = None
                point.setdefault("suppressed", []).append(layer)


def hotspot_points(conn: Conn, filters: Filters, *, suppress: bool) -> list[dict[str, Any]]:
    """One dict per gazetteer place with at least one identification, incident or interception.

    Keys: place_code, name, lon, lat, region_code, country, identifications, incidents,
    interceptions, total (None when suppressed, or for incidents under an exploitation-form
    filter), suppressed (the layers hidden). Places whose code is not in the gazetteer cannot
    be drawn and are left out. Sorted by exact total, largest first (ties by code).
    """
    identifications = _case_counts(conn, filters)
    if filters.exploitation_type:
        incidents: dict[str, int] | None = None
        interceptions: dict[str, int] | None = None
        codes = set(identifications)
    else:
        incidents, interceptions = _incident_counts(conn, filters)
        codes = set(identifications) | set(incidents) | set(interceptions)
    language = _language()
    points: list[dict[str, Any]] = []
    for code in codes:
        try:
            place = places.get(code)
        except KeyError:
            continue
        values: dict[str, int | None] = {
            "identifications": identifications.get(code, 0),
            "incidents": None if incidents is None else incidents.get(code, 0),
            "interceptions": None if interceptions is None else interceptions.get(code, 0),
        }
        exact = sum(v for v in values.values() if v is not None)
        if exact == 0:
            continue
        points.append(
            {
                "place_code": code,
                "name": place_name(place, language),
                "lon": place.lon,
                "lat": place.lat,
                "region_code": _region_of(place),
                "country": place.country,
                **values,
                "total": exact,
                "suppressed": [],
            }
        )
    points.sort(key=lambda p: (-p["total"], p["place_code"]))
    if suppress:
        threshold = node_threshold()
        for layer in LAYERS:
            _suppress_layer(points, layer, threshold)
        for point in points:
            if point["suppressed"] or is_small(point["total"], threshold):
                point["total"] = None
    return points


def region_identifications(conn: Conn, filters: Filters, *, suppress: bool) -> list[dict[str, Any]]:
    """Distinct survivors identified per first-level region (for the choropleth).

    Keys: region_code, name, country, value (None when small and suppressed). A survivor
    identified twice in one region counts once there.
    """
    where, params = filters.where("identified_on", **CASE_FILTERS)
    rows = conn.execute(
        "SELECT region_code, COUNT(DISTINCT person_no) FROM cases WHERE region_code IS NOT NULL "  # noqa: S608
        f"AND {where} GROUP BY region_code ORDER BY region_code",
        params,
    ).fetchall()
    language = _language()
    out: list[dict[str, Any]] = []
    threshold = node_threshold()
    for code, n in rows:
        try:
            region = places.get(str(code))
        except KeyError:
            continue
        value: int | None = int(n)
        if suppress and is_small(value, threshold):
            value = None
        out.append(
            {
                "region_code": region.code,
                "name": place_name(region, language),
                "country": region.country,
                "value": value,
            }
        )
    return out


def route_flows(conn: Conn, filters: Filters, *, suppress: bool) -> list[dict[str, Any]]:
    """Survivors per route origin -> transit -> destination, largest first.

    The transit is the first transit place recorded (the route's first stop, where smugglers
    and traffickers hand people over); `transit` is None for direct routes. Ends unknown to
    the gazetteer fall back to their country. Cases with neither origin nor destination are
    not routes and are left out. Keys: origin, transit, destination, their `_name`, `_lon`,
    `_lat`, and `value` (distinct survivors).
    """
    where, params = filters.where("identified_on", **CASE_FILTERS)
    # The route ends are worked out in SQL (a gazetteer code, else the country) so that the
    # distinct survivors are counted by DuckDB per route, never row by row in Python.
    known = sorted(place.code for place in places.all_places())
    routes_sql = (
        "SELECT COALESCE(ko.code, c.origin_country) AS o, kt.code AS t, "  # noqa: S608
        "COALESCE(kd.code, c.destination_country) AS d, c.person_no FROM cases c "
        "LEFT JOIN (SELECT unnest($known) AS code) ko ON ko.code = c.origin_code "
        "LEFT JOIN (SELECT unnest($known) AS code) kt ON kt.code = c.transit_codes[1] "
        "LEFT JOIN (SELECT unnest($known) AS code) kd ON kd.code = c.destination_code "
        "WHERE (c.origin_code IS NOT NULL OR c.origin_country IS NOT NULL "
        "OR c.destination_code IS NOT NULL OR c.destination_country IS NOT NULL) AND "
        + where.replace("?", "$p{}").format(*range(len(params)))
    )
    bound: dict[str, Any] = {"known": known, **{f"p{i}": v for i, v in enumerate(params)}}
    rows = conn.execute(
        f"WITH r AS ({routes_sql}) SELECT o, t, d, COUNT(DISTINCT person_no) FROM r "  # noqa: S608
        "WHERE o IS NOT NULL OR d IS NOT NULL GROUP BY o, t, d",
        bound,
    ).fetchall()
    language = _language()
    flows = [_flow(o, t, d, int(n), language) for o, t, d, n in rows]
    flows.sort(
        key=lambda f: (-f["value"], str(f["origin"]), str(f["transit"]), str(f["destination"]))
    )
    if not suppress:
        return flows
    threshold = node_threshold()
    shown = [f for f in flows if not is_small(f["value"], threshold)]
    if len(shown) < len(flows):
        # Distinct survivors over the folded routes (a person on two small routes counts once).
        (folded,) = conn.execute(
            f"WITH r AS ({routes_sql}), k AS (SELECT o, t, d, COUNT(DISTINCT person_no) AS n "  # noqa: S608
            "FROM r WHERE o IS NOT NULL OR d IS NOT NULL GROUP BY o, t, d) "
            "SELECT COUNT(DISTINCT r.person_no) FROM r JOIN k ON r.o IS NOT DISTINCT FROM k.o "
            "AND r.t IS NOT DISTINCT FROM k.t AND r.d IS NOT DISTINCT FROM k.d "
            "WHERE k.n < $threshold",
            {**bound, "threshold": threshold},
        ).fetchone() or (0,)
        other = _flow(OTHER, None, OTHER, int(folded), language)
        other["value"] = None if is_small(other["value"], threshold) else other["value"]
        shown.append(other)
    return shown


def _flow(
    origin: str | None, transit: str | None, destination: str | None, value: int, language: str
) -> dict[str, Any]:
    flow: dict[str, Any] = {"origin": origin, "transit": transit, "destination": destination}
    for role, code in (("origin", origin), ("transit", transit), ("destination", destination)):
        if code == OTHER:
            name, lon, lat = _("Other routes (small counts)"), None, None
        else:
            name, lon, lat = locate(code, language)
        flow[f"{role}_name"] = name
        flow[f"{role}_lon"] = lon
        flow[f"{role}_lat"] = lat
    flow["value"] = value
    return flow


def layer_totals(points: Iterable[dict[str, Any]]) -> dict[str, int | None]:
    """The sum of each layer over the points; None when any place of that layer is hidden.

    A published total next to one hidden place would give it back by subtraction.
    """
    totals: dict[str, int | None] = {}
    items = list(points)
    for layer in (*LAYERS, "total"):
        values = [p[layer] for p in items]
        if any(layer in p.get("suppressed", []) for p in items) or (
            layer == "total" and any(v is None for v in values)
        ):
            totals[layer] = None
        elif all(v is None for v in values) and values:
            totals[layer] = None
        else:
            totals[layer] = sum(v for v in values if v is not None)
    return totals


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_month(filters: Filters, today: datetime.date) -> int:
    """The recent window's last month: the month of the period's end, else last complete month.

    The current month is left out by default because it is still being recorded: comparing a
    half month with full ones would hide surges rather than show them.
    """
    if filters.end is not None:
        return month_index(filters.end)
    return month_index(today) - 1


def monthly_series(
    conn: Conn, filters: Filters, first: int, last: int
) -> dict[tuple[str, str], list[int]]:
    """(place code, layer) -> counts per month from `first` to `last` (month indexes).

    The period's start filter is not used: the test needs the place's whole history. The region
    and form filters are (incidents are skipped under a form filter, as on the map).
    """
    span = last - first + 1
    window = Filters(
        start=month_start(first),
        end=month_start(last + 1) - datetime.timedelta(days=1),
        region=filters.region,
        exploitation_type=filters.exploitation_type,
        organisation_id=filters.organisation_id,
    )
    out: dict[tuple[str, str], list[int]] = {}

    def add(code: str, layer: str, day: datetime.date, n: int) -> None:
        series = out.setdefault((code, layer), [0] * span)
        series[month_index(day) - first] += n

    where, params = window.where("identified_on", **CASE_FILTERS)
    for code, month, n in conn.execute(
        "SELECT place_code, date_trunc('month', identified_on) AS m, COUNT(DISTINCT person_no) "  # noqa: S608
        f"FROM cases WHERE place_code IS NOT NULL AND {where} GROUP BY place_code, m",
        params,
    ).fetchall():
        add(str(code), "identifications", month, int(n))
    if window.exploitation_type is None:
        where, params = window.where("occurred_on", **INCIDENT_FILTERS)
        marks = ", ".join("?" for _kind in INTERCEPTION_KINDS)
        for code, month, interception, n in conn.execute(
            f"SELECT place_code, date_trunc('month', occurred_on) AS m, kind IN ({marks}) AS i, "  # noqa: S608
            f"COUNT(*) FROM incidents WHERE place_code IS NOT NULL AND {where} "
            "GROUP BY place_code, m, i",
            [*INTERCEPTION_KINDS, *params],
        ).fetchall():
            add(str(code), "interceptions" if interception else "incidents", month, int(n))
    return out


def emerging_hotspots(
    conn: Conn,
    filters: Filters,
    *,
    suppress: bool,
    rule: Rule | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Places whose recent monthly counts rise significantly above their own history.

    The test is `jokko.hotspots` (see its docstring) on monthly series. A month without any
    record counts as zero: the store cannot tell "nothing happened" from "not yet recorded",
    so on a node that started recording recently the first surges are compared with zeros.
    Returns the rule, the recent window (first and last month, ISO dates), and `places`: one
    dict per flagged (place, layer) with place_code, name, lon, lat, layer, recent, baseline,
    ratio, p, q.
    Suppressed: a baseline of 1..threshold-1 is hidden, and with it the ratio and the exact
    p-values (together with the recent count they would give it back); `p_below` then says
    which of 0.001 / 0.01 the p-value is under.
    """
    rule = rule or Rule(min_count=max(node_threshold(), 1))
    last = last_month(filters, today or datetime.date.today())
    first = last - rule.history_needed + 1
    series = monthly_series(conn, filters, first, last)
    keyed = {f"{code}|{layer}": counts for (code, layer), counts in series.items()}
    threshold = node_threshold()
    language = _language()
    flagged: list[dict[str, Any]] = []
    for result in detect(keyed, rule):
        if not result.flagged:
            continue
        code, layer = result.key.split("|", 1)
        name, lon, lat = locate(code, language)
        if lon is None:  # not in the gazetteer: cannot be drawn or named
            continue
        row: dict[str, Any] = {
            "place_code": code,
            "name": name,
            "lon": lon,
            "lat": lat,
            "layer": layer,
            "recent": result.recent,
            "baseline": result.baseline,
            "ratio": None if result.ratio is None else round(result.ratio, 1),
            "p": result.p,
            "q": result.q,
            "p_below": next((b for b in (0.001, 0.01) if (result.q or 1.0) < b), None),
        }
        if suppress and (
            is_small(result.recent, threshold) or is_small(result.baseline, threshold)
        ):
            row.update(baseline=None, ratio=None, p=None, q=None)
            if is_small(result.recent, threshold):
                row["recent"] = None
        flagged.append(row)
    return {
        "rule": {
            "recent_months": rule.recent,
            "baseline_months": rule.baseline,
            "alpha": rule.alpha,
            "min_count": rule.min_count,
            "min_ratio": rule.min_ratio,
            "seasonal": rule.season is not None,
            "seasons": rule.seasons,
        },
        "recent_from": month_start(last - rule.recent + 1).isoformat(),
        "recent_to": (month_start(last + 1) - datetime.timedelta(days=1)).isoformat(),
        "places": flagged,
    }
