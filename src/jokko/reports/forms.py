"""The quarterly report's choices: quarter, region, language and format, each checked.

Bad input is answered with a translated message and exports nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jokko.analytics.filters import FilterError, Filters
from jokko.reports.actions import FORMATS, LANGUAGES
from jokko.reports.periods import Quarter, QuarterError


@dataclass(frozen=True)
class ReportRequest:
    quarter: Quarter
    region: str | None
    language: str
    fmt: str


def parse_request(
    query: Mapping[str, Any], *, default_language: str, today: datetime.date | None = None
) -> tuple[ReportRequest | None, list[str]]:
    """(the request, []) or (None, the messages saying what is wrong)."""
    errors: list[str] = []
    quarter: Quarter | None = None
    raw_quarter = str(query.get("quarter") or "").strip()
    try:
        quarter = (
            Quarter.parse(raw_quarter, today=today) if raw_quarter else Quarter.last_complete(today)
        )
    except QuarterError as exc:
        errors.append(str(exc))
    region: str | None = None
    try:
        region = Filters.from_query({"region": query.get("region") or ""}).region
    except FilterError as exc:
        errors.append(str(exc))
    language = str(query.get("language") or default_language)[:2]
    if language not in LANGUAGES:
        errors.append(_("The report is written in French, English or Arabic."))
    fmt = str(query.get("format") or "")
    if fmt not in FORMATS:
        errors.append(_("Choose the PDF or the Excel file."))
    if errors or quarter is None:
        return None, errors
    return ReportRequest(quarter, region, language, fmt), []
