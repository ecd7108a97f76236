"""The quarterly report as PDF: an HTML template printed by WeasyPrint, charts as inline SVG.

Fonts are the vendored Noto Sans / Noto Naskh Arabic, fetched through the certificates'
`LocalFontsOnly` fetcher, so printing never calls out. Arabic pages are laid out right to left
(`dir="rtl"` on the document, mirrored charts and map labels).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from weasyprint import HTML

import jokko.maps
from jokko.reports import svg
from jokko.reports.content import Report, Table
from jokko.trainings.certificates import FONTS_DIR, LocalFontsOnly, font_url

GEOJSON = (
    Path(jokko.maps.__file__).parent
    / "static"
    / "vendor"
    / "natural-earth"
    / "countries-50m.geojson"
)
FOCUS_COUNTRIES = ("SN", "MR", "ML", "NE", "BF", "GN", "GM", "NG")


@lru_cache(maxsize=1)
def boundaries() -> dict[str, Any]:
    """The vendored Natural Earth country boundaries (read once per process)."""
    data: dict[str, Any] = json.loads(GEOJSON.read_text(encoding="utf-8"))
    return data


def table_chart(table: Table, hidden_text: str, rtl: bool) -> list[tuple[str, str, str]]:
    """(label, bar SVG, value as printed) per row: words in HTML, the bar in SVG."""
    largest = max((cells[0].value or 0 for _label, cells in table.rows), default=0)
    return [
        (
            label,
            mark_safe(  # noqa: S308 - built by svg.bar from numbers only
                svg.bar(None if cells[0].hidden else (cells[0].value or 0), largest, rtl=rtl)
            ),
            cells[0].display(hidden_text),
        )
        for label, cells in table.rows
    ]


def map_svg(report: Report) -> str:
    return svg.hotspot_map(boundaries(), report.points, report.flows, focus=FOCUS_COUNTRIES)


def map_label_css(report: Report) -> str:
    """Positions of the place names over the map, as CSS rules of the printed page."""
    return "\n".join(
        f"#map-label-{index} {{ left: {x:.1f}px; top: {y:.1f}px; }}"
        for index, (x, y, _name, _value) in enumerate(svg.map_labels(report.points))
    )


def report_html(report: Report) -> str:
    """The HTML that WeasyPrint prints (call under `translation.override(report.language)`)."""
    rtl = get_language_bidi()
    sections = []
    for section in report.sections:
        tables = [
            {
                "table": table,
                "rows": [
                    (label, [cell.display(report.hidden_text) for cell in cells])
                    for label, cells in table.rows
                ],
                "total": [cell.display(report.hidden_text) for cell in table.total or []],
                "chart": table_chart(table, report.hidden_text, rtl)
                if table.chart and table.rows
                else [],
            }
            for table in section.tables
        ]
        sections.append({"section": section, "tables": tables})
    return render_to_string(
        "reports/quarterly_pdf.html",
        {
            "report": report,
            "sections": sections,
            "map": mark_safe(map_svg(report)) if report.has_map else "",  # noqa: S308
            "map_labels": [
                (index, name, _number(value))
                for index, (_x, _y, name, value) in enumerate(svg.map_labels(report.points))
            ],
            "map_label_css": mark_safe(map_label_css(report)),  # noqa: S308
            "key_rows": [
                (label, [cell.display(report.hidden_text) for cell in cells])
                for label, cells in report.key_figures.rows
            ],
            "rtl": rtl,
            "fonts": {
                "sans_400": font_url("noto-sans-latin-400-normal.woff"),
                "sans_700": font_url("noto-sans-latin-700-normal.woff"),
                "sans_ext_400": font_url("noto-sans-latin-ext-400-normal.woff"),
                "sans_ext_700": font_url("noto-sans-latin-ext-700-normal.woff"),
                "naskh_400": font_url("noto-naskh-arabic-arabic-400-normal.woff"),
                "naskh_700": font_url("noto-naskh-arabic-arabic-700-normal.woff"),
            },
        },
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def report_pdf(report: Report) -> bytes:
    html = report_html(report)
    pdf = HTML(string=html, url_fetcher=LocalFontsOnly(), base_url=str(FONTS_DIR)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
