"""Exporting the quarterly report: the one write is the audit entry saying who exported what.

Why audit an aggregate export: a donor report leaves the node; the log must show who took
which quarter, region, language and sections out, as it does for every other export.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation

from jokko.analytics import store
from jokko.audit.actions import record
from jokko.audit.models import AuditAction
from jokko.reports.access import report_sections
from jokko.reports.content import Report, build_report
from jokko.reports.periods import Quarter

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LANGUAGES = ("fr", "en", "ar")


class ReportRefused(PermissionError):
    """The user may not export the report."""


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    content_type: str
    report: Report


def export_quarterly_report(
    user: Any,
    quarter: Quarter,
    *,
    region: str | None,
    language: str,
    fmt: str,
    channel: str = "web",
) -> Export:
    """Build the report in `fmt` ("pdf" or "xlsx") and record the export in the audit log.

    `region` must already be validated (`Filters.from_query`); `fmt` and `language` are checked
    by the caller's form, and again here because the command line calls this too.
    """
    if fmt not in FORMATS or language not in LANGUAGES:
        raise ValueError(fmt if fmt not in FORMATS else language)
    sections = report_sections(user)
    if not sections:
        record(user, AuditAction.DENIED, "quarterly_report", quarter.label, channel=channel)
        raise ReportRefused(quarter.label)
    store.ensure_fresh()
    with translation.override(language), store.connect() as conn:
        report = build_report(conn, quarter, region=region, language=language, sections=sections)
        if fmt == "pdf":
            from jokko.reports.pdf import report_pdf

            content = report_pdf(report)
        else:
            from jokko.reports.xlsx import report_xlsx

            content = report_xlsx(report)
    place = (region or report.node_country).replace("/", "-")
    filename = f"jokko-{place}-{quarter.label}-{language}.{fmt}"
    record(
        user,
        AuditAction.EXPORT,
        "quarterly_report",
        quarter.label,
        channel=channel,
        format=fmt,
        region=region or "",
        language=language,
        sections=sorted(sections),
        bytes=len(content),
    )
    return Export(content, filename, FORMATS[fmt], report)
