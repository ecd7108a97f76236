"""A training officer records trainings from attendance spreadsheets and sees the cascade.

The programme officer records a national training of trainers, uploads its attendance sheet
(a real .xlsx written with openpyxl) and sees in the preview which rows are new people and the
one row rejected for a score of 150, with its line and column; nothing is recorded until they
confirm. They download a trainee's certificate (a real PDF naming the trainee), record a
session delivered later by one of the relay trainers from that session's sheet, and the ToT's
cascade shows the session and its total reach.

Names carry this run's tag in their agency, so demo records on the server do not matter.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.browser.conftest import Server, log_in
from tests.trainings.helpers import pdf_objects

pytestmark = pytest.mark.browser

HEADERS = ["Nom", "Sexe", "Structure", "Fonction", "Rôle", "Pré-test", "Post-test"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _record_training(page: Any, server: Server, **fields: str) -> str:
    page.goto(server + "/trainings/new/")
    page.fill("#training-title", fields["title"])
    page.select_option("#training-topic", fields["topic"])
    page.select_option("#training-audience", fields["audience"])
    page.select_option("#training-place", fields["place"])
    page.fill("#training-start", fields["start"])
    page.fill("#training-end", fields["end"])
    page.fill("#training-funder", "UNODC")
    if fields.get("tot"):
        page.check("#training-tot")
    page.click("#training-save")
    page.wait_for_selector("#training-reference")
    return str(page.inner_text("#training-reference"))


def _upload(page: Any, name: str, data: bytes) -> None:
    page.set_input_files("#sheet-file", files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.click("#import-preview")
    page.wait_for_selector("#preview-rows, #sheet-errors")


def test_training_officer_records_a_cascade_from_spreadsheets(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    police, gendarmerie = f"Police nationale {tag}", f"Gendarmerie {tag}"
    context = browser.new_context(
        viewport={"width": 1024, "height": 900}, locale="fr-FR", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, server, "programme")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    page.click("#nav-trainings")
    page.wait_for_selector("#trainings")

    tot = _record_training(
        page,
        server,
        title=f"National training of relay trainers {tag}",
        topic="training_of_trainers",
        audience="mixed",
        place="SN-DK-DAKAR",
        start="2026-01-12",
        end="2026-01-16",
        tot="yes",
    )
    assert tot.startswith("FOR-SN-2026-")
    tot_url = page.url

    _upload(
        page,
        "presence-formateurs.xlsx",
        _xlsx(
            [
                ["Awa Ndiaye", "F", police, "Commissaire", "", 45, 85],
                ["Moussa Sarr", "M", gendarmerie, "Adjudant-chef", "", 50, 80],
                ["Fatou Sow", "F", police, "Lieutenant", "", 40, 150],
                ["Amadou Ba", "M", "UNODC", "Expert", "Formateur", "", ""],
            ]
        ),
    )
    assert page.locator("#preview-rows tr.preview-row").count() == 3
    assert page.locator("#preview-rows tr.new").count() == 3
    rejected = page.locator("#rejected-rows tr.rejected")
    assert rejected.count() == 1
    assert rejected.get_attribute("data-line") == "4"
    assert "Post-test" in rejected.inner_text() and "150" in rejected.inner_text()
    # Nothing is recorded before the officer confirms.
    other_tab = context.new_page()
    other_tab.goto(tot_url)
    assert other_tab.inner_text("#trainee-count") == "0"
    other_tab.close()
    page.click("#import-confirm")
    page.wait_for_selector("#trainees")
    assert page.inner_text("#trainee-count") == "2"
    assert "Amadou Ba" in page.inner_text("#trainers")

    # Awa Ndiaye's certificate: a real PDF with her name in its title.
    row = page.locator("#trainees tr.attendance", has_text="Awa Ndiaye")
    number = row.locator("a.certificate").inner_text()
    with page.expect_download() as download_info:
        row.locator("a.certificate").click()
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    assert f"Certificate {number} - Awa Ndiaye".encode() in pdf_objects(pdf)
    page.goto(server + f"/trainings/verify/?number={number}")
    assert page.inner_text("#verify-name") == "Awa Ndiaye"

    # A month later Awa Ndiaye, now a relay trainer, trains five colleagues at Kidira.
    session = _record_training(
        page,
        server,
        title=f"Victim identification at the border {tag}",
        topic="victim_identification",
        audience="police",
        place="SN-TC-KIDIRA",
        start="2026-02-09",
        end="2026-02-10",
    )
    colleagues = [
        [name, "M", police, "Agent", "", 30, 70]
        for name in ("Ibrahima Fall", "Cheikh Diop", "Modou Faye", "Lamine Gueye", "Omar Seck")
    ]
    _upload(
        page,
        "presence-kidira.xlsx",
        _xlsx([["NDIAYE Awa", "F", police, "Commissaire", "Formatrice", "", ""], *colleagues]),
    )
    assert page.locator("#preview-rows tr.matched").count() == 1  # the relay trainer is known
    assert page.locator("#rejected-rows").count() == 0
    page.click("#import-confirm")
    page.wait_for_selector("#trainees")
    assert page.inner_text("#trainee-count") == "5"

    # The ToT's cascade: the Kidira session below it, five people reached.
    page.goto(tot_url)
    page.click("#training-cascade-link")
    page.wait_for_selector("#cascade-tree")
    assert "5" in page.inner_text("#total-reach")
    child = page.locator("#cascade-tree li.level-1")
    assert child.count() == 1 and session in child.inner_text()
    assert page.locator("#cascade-levels tr.level[data-level='1']").inner_text().split() == [
        "1",
        "1",
        "5",
    ]
    context.close()
