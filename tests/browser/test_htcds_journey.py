"""HTCDS exchange in a real browser: a partner's file imported after a preview, then exported.

The coordinator opens "HTCDS exchange", uploads a partner's HTCDS JSON file, reads the preview
(two new cases, one field not mapped), confirms, follows the link to an imported case, then
downloads the node's cases in the standard's spreadsheet template. Sending the same file again
changes nothing. A hotline case worker may export but is offered no import.
"""

from __future__ import annotations

import datetime
import json
import uuid
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from jokko.htcds.demo import demo_records
from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser


def _page(browser: Any, server: Server, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, server, username)
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    return page


def _upload(page: Any, server: Server, data: bytes, source: str) -> None:
    page.goto(server + "/htcds/import/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "partner.json", "mimeType": "application/json", "buffer": data}],
    )
    page.fill("#id_source_system", source)
    page.click("#htcds-import-submit")
    page.wait_for_selector("#htcds-summary")


def test_partner_file_imported_after_preview_then_exported(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    tag = uuid.uuid4().hex[:6]
    records = demo_records(datetime.date.today(), "SN-KE-KEDOUGOU")[:2]
    for record in records:
        record["x_SourceId"] = f"{record['x_SourceId']}-{tag}"
        record["prs_SecondName"] = f"Test{tag}"
    data = json.dumps({"htcds_version": "2.0", "records": records}).encode()
    source = f"Casebook {tag}"

    page = _page(browser, server, "coordination")
    page.click("#nav-htcds")
    page.click("#htcds-import-link")
    _upload(page, server, data, source)
    assert page.inner_text("#htcds-created") == "2"
    assert page.inner_text("#htcds-error-count") == "0"
    assert "vic_AgeWhenTrafficked" in page.inner_text("#htcds-records")
    page.click("#htcds-confirm")
    page.wait_for_selector(".htcds-record a")
    assert page.locator("#htcds-confirm").count() == 0
    page.locator(".htcds-record a").first.click()
    page.wait_for_load_state()
    assert f"Test{tag}" in page.content()

    _upload(page, server, data, source)
    assert page.inner_text("#htcds-created") == "0"
    assert page.inner_text("#htcds-unchanged") == "2"

    page.goto(server + "/htcds/export/")
    page.select_option("#id_format", "xlsx")
    with page.expect_download() as download_info:
        page.click("#htcds-export-submit")
    path = tmp_path / "htcds.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(BytesIO(path.read_bytes())).worksheets[0]
    assert sheet["D1"].value == "prs_FirstName"
    names = {row[3] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert {"Blessing", "Ousmane"} <= names

    worker = _page(browser, server, "ecoute")
    worker.click("#nav-htcds")
    assert worker.locator("#htcds-import-link").count() == 0
    assert worker.goto(server + "/htcds/import/").status == 403
