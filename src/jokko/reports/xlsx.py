"""The quarterly report as an Excel workbook: one sheet per section, typed numbers, charts.

Numbers are written as numbers (ratios as numbers formatted as percentages) so a donor can
compute with them; hidden cells hold the text "< 5", never the figure. Every text goes through
`jokko.tabular.writer.neutralise`, so a label that starts with "=" or "+" (a place name typed
in the field, a training topic) is never evaluated as a formula. Charts are native openpyxl bar
charts referring to the sheet's own cells, so they follow the numbers.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from jokko.reports.content import Cell, Report, Table
from jokko.tabular.writer import neutralise, sheet_title

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _value(cell: Cell, hidden_text: str) -> Any:
    if cell.hidden:
        return hidden_text
    return cell.value


def _text(value: object) -> str:
    return neutralise(str(value))


def _write_table(sheet: Worksheet, row: int, table: Table, hidden_text: str) -> int:
    """Write one table from `row`; returns the next free row. Adds a chart where it helps."""
    sheet.cell(row=row, column=1, value=_text(table.title)).font = BOLD
    row += 1
    for column, header in enumerate(table.headers, start=1):
        sheet.cell(row=row, column=column, value=_text(header)).font = BOLD
    header_row = row
    for label, cells in table.rows:
        row += 1
        sheet.cell(row=row, column=1, value=_text(label))
        for column, cell in enumerate(cells, start=2):
            target = sheet.cell(row=row, column=column, value=_value(cell, hidden_text))
            if cell.percent and not cell.hidden and cell.value is not None:
                target.number_format = "0.0%"
    last_data_row = row
    if table.total:
        row += 1
        sheet.cell(row=row, column=1, value=_text(_("Total"))).font = BOLD
        for column, cell in enumerate(table.total, start=2):
            target = sheet.cell(row=row, column=column, value=_value(cell, hidden_text))
            target.font = BOLD
            if cell.percent and not cell.hidden and cell.value is not None:
                target.number_format = "0.0%"
    if (table.chart or table.grid) and len(table.rows) > 1:
        chart = BarChart()
        chart.type = "bar"
        chart.title = table.title
        if not table.grid:
            chart.legend = None  # one series: its name is the title
        chart.height = max(4.0, 0.7 * len(table.rows) + 2)
        chart.width = 14.0
        data = Reference(
            sheet,
            min_col=2,
            max_col=len(table.headers) if table.grid else 2,
            min_row=header_row,
            max_row=last_data_row,
        )
        categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_data_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        sheet.add_chart(chart, f"E{header_row}")
        row = max(row, header_row + int(chart.height * 2) + 1)
    return row + 2


def report_workbook(report: Report) -> Workbook:
    """Build the workbook (call under `translation.override(report.language)`)."""
    rtl = get_language_bidi()
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = sheet_title(_("Cover"))
    cover.sheet_view.rightToLeft = rtl
    cover["A1"] = _text(report.title)
    cover["A1"].font = TITLE
    cover["A2"] = _text(report.region_name)
    cover["A3"] = _text(_("Period"))
    cover["B3"] = report.quarter.start
    cover["C3"] = report.quarter.end
    for cell in (cover["B3"], cover["C3"]):
        cell.number_format = "yyyy-mm-dd"
    cover["A4"] = _text(_("Generated on"))
    cover["B4"] = report.generated_at.replace(tzinfo=None)
    cover["B4"].number_format = "yyyy-mm-dd hh:mm"
    cover["A5"] = _text(
        _("Counts from 1 to %(hidden)s are not shown (small-count suppression).")
        % {"hidden": report.hidden_text}
    )
    cover.column_dimensions["A"].width = 48
    cover.column_dimensions["B"].width = 20
    cover.column_dimensions["C"].width = 14
    _write_table(cover, 7, report.key_figures, report.hidden_text)
    cover.column_dimensions["D"].width = 20

    for section in report.sections:
        sheet = workbook.create_sheet(sheet_title(section.title))
        sheet.sheet_view.rightToLeft = rtl
        sheet.column_dimensions["A"].width = 42
        row = 1
        for table in section.tables:
            row = _write_table(sheet, row, table, report.hidden_text)
        for note in section.notes:
            sheet.cell(row=row, column=1, value=_text(note))
            row += 1

    if report.has_map:
        sheet = workbook.create_sheet(sheet_title(_("Hotspots and routes")))
        sheet.sheet_view.rightToLeft = rtl
        headers = [_("Place"), _("Code"), _("Longitude"), _("Latitude"), _("Total")]
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=1, column=column, value=_text(header)).font = BOLD
        for row, point in enumerate(report.points, start=2):
            sheet.cell(row=row, column=1, value=_text(point.get("name", "")))
            sheet.cell(row=row, column=2, value=_text(point.get("place_code", "")))
            sheet.cell(row=row, column=3, value=point.get("lon"))
            sheet.cell(row=row, column=4, value=point.get("lat"))
            total = point.get("total")
            sheet.cell(row=row, column=5, value=report.hidden_text if total is None else total)
        sheet.column_dimensions["A"].width = 30

    definitions = workbook.create_sheet(sheet_title(_("Definitions")))
    definitions.sheet_view.rightToLeft = rtl
    for column, header in enumerate(
        [_("Code"), _("Indicator"), _("Definition"), _("Formula")], start=1
    ):
        definitions.cell(row=1, column=column, value=_text(header)).font = BOLD
    for row, entry in enumerate(report.definitions, start=2):
        for column, key in enumerate(("code", "name", "definition", "formula"), start=1):
            definitions.cell(row=row, column=column, value=_text(entry[key]))
    note_row = len(report.definitions) + 3
    definitions.cell(row=note_row, column=1, value=_text(_("Note on small-count suppression")))
    definitions.cell(row=note_row, column=1).font = BOLD
    definitions.cell(row=note_row + 1, column=1, value=_text(suppression_note(report)))
    for letter, width in (("A", 26), ("B", 34), ("C", 70), ("D", 50)):
        definitions.column_dimensions[letter].width = width
    return workbook


def suppression_note(report: Report) -> str:
    return _(
        "Every figure in this report leaves the national node, so counts from 1 up to (but not "
        'including) %(threshold)s are hidden and shown as "%(hidden)s". When a single cell of '
        "a table is hidden while its total is shown, the smallest other cell is hidden too. "
        "Rates and medians are hidden when they rest on few cases. Zero is shown."
    ) % {"threshold": report.threshold, "hidden": report.hidden_text}


def report_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    report_workbook(report).save(buffer)
    return buffer.getvalue()
