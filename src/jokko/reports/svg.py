"""Server-side SVG for the quarterly report: bars and the hotspot map, shapes only.

Why a small pure module rather than matplotlib: WeasyPrint runs no JavaScript, so charts must be
drawn on the server; matplotlib is a heavy dependency that draws its text as glyph outlines with
its own engine, which neither joins Arabic letters nor lays them out right to left. WeasyPrint
(70) itself places SVG `<text>` letter by letter, which breaks Arabic joining too. So the SVG
drawn here holds shapes and digits only; every word (category labels, place names, legends)
is HTML next to or over the SVG, shaped by Pango with the vendored Noto Naskh Arabic font like
the rest of the page, and mirrored by the page's `dir="rtl"`. Nothing here imports Django.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

BAR_COLOUR = "#1f5f8b"
SUPPRESSED_COLOUR = "#c9d3da"
LAND = "#eef1ec"
BORDER = "#9aa5ad"
FOCUS_LAND = "#dfe7dc"
POINT = "#c0392b"
# Named on the root so that WeasyPrint picks the vendored fonts for every `<text>` (Arabic
# labels included); positions are physical, so no `direction` attribute is needed.
FONTS = "Noto Sans, Noto Sans Ext, Noto Naskh Arabic, sans-serif"
FLOW = "#e08e2b"


def _num(value: float) -> str:
    """Coordinates with one decimal: enough at report size, and a small file."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def bar(value: float | None, largest: float, *, rtl: bool = False, width: int = 220) -> str:
    """One horizontal bar; grows from the right in right-to-left pages; a grey stub if hidden."""
    height = 11
    length = 3.0 if value is None else width * max(value, 0) / (largest or 1)
    x = width - length if rtl else 0
    colour = SUPPRESSED_COLOUR if value is None else BAR_COLOUR
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><rect x="{_num(x)}" y="0" '
        f'width="{_num(length)}" height="{height}" fill="{colour}"/></svg>'
    )


def _format(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.1f}"


# --- the map -------------------------------------------------------------------------------

# West Africa and the Sahel, with the Atlantic route to the Canary Islands: lon, lat.
WEST_AFRICA = (-19.0, 3.5, 17.0, 29.0)


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled to the box; fine for a region a few thousand km wide."""

    west: float
    south: float
    east: float
    north: float
    width: float

    @property
    def height(self) -> float:
        # Stretch longitudes by cos(mid-latitude) so shapes look right.
        mid = math.radians((self.north + self.south) / 2)
        return self.width * (self.north - self.south) / ((self.east - self.west) * math.cos(mid))

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return x, y


def _rings(geometry: Mapping[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _bbox(rings: list[Sequence[Sequence[float]]]) -> tuple[float, float, float, float]:
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def country_paths(
    geojson: Mapping[str, Any], box: tuple[float, float, float, float], project: Projection
) -> list[tuple[str, str, str]]:
    """(key, name, SVG path data) of every country that reaches into the box."""
    out = []
    for feature in geojson.get("features", []):
        rings = list(_rings(feature["geometry"]))
        if not rings or not _overlaps(_bbox(rings), box):
            continue
        commands = []
        for ring in rings:
            points = [project(lon, lat) for lon, lat, *_ in ring]
            commands.append("M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in points) + "Z")
        props = feature.get("properties") or {}
        key = props.get("iso2") or props.get("iso_n3") or props.get("name") or ""
        out.append((str(key), str(props.get("name") or ""), "".join(commands)))
    return out


def hotspot_map(
    geojson: Mapping[str, Any],
    points: Sequence[Mapping[str, Any]],
    flows: Sequence[Mapping[str, Any]] = (),
    *,
    focus: Iterable[str] = (),
    box: tuple[float, float, float, float] = WEST_AFRICA,
    width: int = 640,
) -> str:
    """Countries, route lines (origin -> transit -> destination) and hotspot circles.

    `points` have `place_code, name, lon, lat, total` (None when suppressed: drawn at the
    smallest size, without a number); `flows` have `origin_lon/lat`, optional `transit_lon/lat`,
    `destination_lon/lat` and `value`. Names go in HTML over the map (`map_labels`).
    """
    project = Projection(*box, width=width)
    height = project.height
    focus_set = set(focus)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{width}" '
        f'height="{_num(height)}" viewBox="0 0 {width} {_num(height)}" font-size="9" '
        f'font-family="{FONTS}" role="img">',
        f'<defs><clipPath id="frame"><rect width="{width}" height="{_num(height)}"/></clipPath>'
        "</defs>",
        f'<rect width="{width}" height="{_num(height)}" fill="#f7fbfd"/>',
        '<g clip-path="url(#frame)">',
    ]
    for key, name, data in country_paths(geojson, box, project):
        fill = FOCUS_LAND if key in focus_set else LAND
        parts.append(
            f'<path class="country" data-country={quoteattr(key)} d="{data}" fill="{fill}" '
            f'stroke="{BORDER}" stroke-width="0.5"><title>{escape(name)}</title></path>'
        )
    largest_flow = max((f.get("value") or 0 for f in flows), default=0) or 1
    for flow in flows:
        stops = [
            (flow.get(f"{stop}_lon"), flow.get(f"{stop}_lat"))
            for stop in ("origin", "transit", "destination")
        ]
        coords = [project(lon, lat) for lon, lat in stops if lon is not None and lat is not None]
        if len(coords) < 2:
            continue
        stroke = 1 + 4 * (flow.get("value") or 0) / largest_flow
        line = "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in coords)
        parts.append(
            f'<path class="flow" d="{line}" fill="none" stroke="{FLOW}" '
            f'stroke-width="{_num(stroke)}" stroke-opacity="0.8" stroke-linecap="round"/>'
        )
    largest = max((p.get("total") or 0 for p in points), default=0) or 1
    for point in sorted(points, key=lambda p: -(p.get("total") or 0)):
        x, y = project(float(point["lon"]), float(point["lat"]))
        total = point.get("total")
        size = radius(total, largest)
        parts.append(
            f'<circle class="hotspot" data-place={quoteattr(str(point.get("place_code", "")))} '
            f'cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}" fill="{POINT}" '
            f'fill-opacity="{0.65 if total else 0.3}" stroke="#fff" stroke-width="0.6"/>'
        )
    parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def radius(total: float | None, largest: float) -> float:
    return 2.5 + 10 * math.sqrt((total or 0) / (largest or 1))


def map_labels(
    points: Sequence[Mapping[str, Any]],
    *,
    box: tuple[float, float, float, float] = WEST_AFRICA,
    width: int = 640,
    count: int = 8,
) -> list[tuple[float, float, str, float]]:
    """(x, y, name, value) where to write the names of the `count` largest visible hotspots."""
    project = Projection(*box, width=width)
    largest = max((p.get("total") or 0 for p in points), default=0) or 1
    ranked = [p for p in sorted(points, key=lambda p: -(p.get("total") or 0)) if p.get("total")]
    out = []
    for point in ranked[:count]:
        x, y = project(float(point["lon"]), float(point["lat"]))
        out.append(
            (
                x + radius(point["total"], largest) + 2,
                y - 6,
                str(point.get("name", "")),
                float(point["total"]),
            )
        )
    return out
