"""The coordinator downloads the quarterly report: a real PDF and a real workbook with charts.

Logged in as the demo `coordination`, they open the quarterly report from the navigation,
choose a quarter and the English language, and click once for each file. The PDF must be a PDF
(magic bytes, and pdftotext finds the report's title and the suppression note), the workbook
must open in openpyxl with its sheets and native charts. Then the audit log holds both exports.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser


def _download(page: Any, button: str, path: Path) -> bytes:
    with page.expect_download() as download_info:
        page.click(button)
    download = download_info.value
    assert download.suggested_filename.startswith("jokko-SN-2024-Q1-en.")
    download.save_as(path)
    return path.read_bytes()


def test_coordinator_downloads_the_quarterly_report(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 1024, "height": 900}, locale="fr-FR", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(60000)  # the first export refreshes the store and prints a PDF
    log_in(page, server, "coordination")
    page.click("#nav-reports")
    page.wait_for_selector("#report-form")
    # The last complete quarter is chosen by default; the coordinator picks the quarter
    # of the first Senegal-Mauritania workshop (demo trainings of February 2024).
    assert page.locator("#id_quarter").input_value() == "2026-Q3"
    page.select_option("#id_quarter", "2024-Q1")
    page.select_option("#id_language", "en")

    pdf = _download(page, "#download-pdf", tmp_path / "report.pdf")
    assert pdf.startswith(b"%PDF-")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Quarterly report 2024-Q1" in text
    assert "Key figures" in text and "Note on small-count suppression" in text

    workbook = _download(page, "#download-xlsx", tmp_path / "report.xlsx")
    book = load_workbook(io.BytesIO(workbook))
    assert book.sheetnames[0] == "Cover" and book.sheetnames[-1] == "Definitions"
    assert "Trainings" in book.sheetnames
    # native bar charts, read back by openpyxl (the workshop's participants by sex)
    assert len(book["Trainings"]._charts) >= 1
    participants = [
        row for row in book["Cover"].iter_rows(values_only=True) if row[0] == "Participants trained"
    ]
    assert participants and isinstance(participants[0][1], int) and participants[0][1] > 0
    assert book["Cover"]["A1"].value == "Quarterly report 2024-Q1"
    context.close()

    exports = server.jokko("shell", "-c", _COUNT_EXPORTS)
    # (Django's shell prints its automatic imports first; our lines carry a prefix)
    formats = [line.split(":", 1)[1] for line in exports.splitlines() if line.startswith("EXPORT:")]
    assert formats == ["pdf", "xlsx"]


_COUNT_EXPORTS = (
    "from jokko.audit.models import AuditEntry\n"
    "for e in AuditEntry.objects.filter(action='export', object_type='quarterly_report',"
    " actor_username='coordination').order_by('id'):\n"
    "    print('EXPORT:' + e.detail['format'])"
)
