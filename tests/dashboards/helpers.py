"""Helpers for the dashboards tests and the shared permission matrices (tests/web, tests/api)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.urls import reverse

PERMISSION_DASHBOARD = "survivors"


def dashboard_page_url(name: str) -> str:
    if name == "dashboards-overview":
        return reverse(name)
    return reverse(name, kwargs={"slug": PERMISSION_DASHBOARD})


def dashboards_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """Rows of the API permission matrix: (prepare, call, effect) for each dashboards route."""

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    return {
        "GET /dashboards/": (nothing, lambda api, w, p: api.get("/dashboards/"), unchanged),
        "GET /dashboards/{slug}": (
            nothing,
            lambda api, w, p: api.get(f"/dashboards/{PERMISSION_DASHBOARD}"),
            unchanged,
        ),
    }


class _Tables(HTMLParser):
    """Collects every dashboard table as {table slug: {row key: shown value}} plus totals."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, str]] = {}
        self._table: str | None = None
        self._key: str | None = None
        self._in_value = False
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and (found.get("id") or "").startswith("table-"):
            self._table = (found["id"] or "")[len("table-") :]
            self.tables[self._table] = {}
        elif tag == "tr" and self._table is not None:
            self._key = found.get("data-key")
        elif tag == "td" and self._table is not None and "value" in (found.get("class") or ""):
            self._in_value = True
            self._text = ""
            if "total" in (found.get("class") or ""):
                self._key = "__total__"

    def handle_data(self, data: str) -> None:
        if self._in_value:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._in_value:
            self._in_value = False
            if self._table is not None and self._key is not None:
                self.tables[self._table][self._key] = self._text.strip()
        elif tag == "table":
            self._table = None


def page_tables(html: str) -> dict[str, dict[str, str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables
