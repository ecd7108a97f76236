"""The quarterly report on the hand-made data set of tests/analytics, answers written by hand.

Quarter 2025-Q2 of `tests/analytics/dataset.py`: survivors C (20 May) and A's second case
(1 June) identified; C's referral (21 May); C enters reintegration on 29 June; incidents INC-1
(2 April, 52 smuggled migrants) and INC-2 (10 June); the three trainings (5 May); the six
community reports (1 April). The year to date adds Q1: A and B identified, A's and B's
referrals and services, prosecution PR-1 (1 March). Nothing happened in 2024-Q2.

With the node threshold at 1 nothing is hidden, so the cells are the exact figures; at the
default 5 the same report shows "< 5" wherever 1 to 4 would be.
"""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from jokko.analytics import store
from jokko.audit.models import AuditEntry
from jokko.reports.actions import ReportRefused, export_quarterly_report
from jokko.reports.content import build_report
from jokko.reports.pdf import boundaries, map_svg
from jokko.reports.periods import Quarter
from tests.conftest import login
from tests.reports.conftest import pdf_text

Q2 = Quarter(2025, 2)

# Key figures: (quarter 2025-Q2, 2024-Q2, year to date 2025)
KEY_FIGURES = {
    "Survivors identified": [2, 0, 3],
    "Survivors referred to services": [1, 0, 3],
    "Survivors assisted": [0, 0, 2],
    "Services delivered": [0, 0, 3],
    "Assisted voluntary returns": [0, 0, 0],
    "Survivors entering reintegration": [1, 0, 1],
    "Incidents recorded": [2, 0, 2],
    "Smuggled migrants counted in incidents": [52, 0, 52],
    "Prosecutions opened": [0, 0, 1],
    "Convictions": [0, 0, 0],
    "Participants trained": [7, 0, 7],
    "Magistrates trained": [3, 0, 3],
    "Police, gendarmerie and border officers trained": [2, 0, 2],
    "Criminal justice actors trained": [5, 0, 5],
    "Relay trainers trained": [3, 0, 3],
    "Community reports received": [6, 0, 6],
}


def table_in(sheet: Any, title: str) -> dict[str, list[Any]]:
    """The rows (label -> values) of the table titled `title` in a worksheet."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    out: dict[str, list[Any]] = {}
    for row in rows[start + 2 :]:
        if row[0] is None:
            break
        out[str(row[0])] = [value for value in row[1:4] if value is not None]
    return out


def export(user: Any, fmt: str, language: str = "en", quarter: Quarter = Q2, **kw: Any) -> Any:
    return export_quarterly_report(
        user, quarter, region=kw.get("region"), language=language, fmt=fmt
    )


@pytest.fixture
def exact(settings: Any) -> None:
    settings.JOKKO_SMALL_COUNT = 1


def test_excel_cells_are_the_hand_worked_answers(hand_made: Any, users: Any, exact: None) -> None:
    done = export(users["coordinator"], "xlsx")
    book = load_workbook(io.BytesIO(done.content))
    assert book.sheetnames == [
        "Cover",
        "Survivors identified",
        "Referrals and services",
        "Returns and reintegration",
        "Justice  incidents, prosecution",
        "Trainings",
        "Community reports",
        "Hotspots and routes",
        "Definitions",
    ]
    key = table_in(book["Cover"], "Key figures")
    for label, values in KEY_FIGURES.items():
        assert key[label] == values, label
    assert all(isinstance(v, int) for values in key.values() for v in values)  # typed numbers

    identified = book["Survivors identified"]
    assert table_in(identified, "By sex") == {"Female": [1], "Male": [1], "Total": [2]}
    assert table_in(identified, "By age band at identification") == {
        "0-11": [1],
        "12-17": [1],
        "Total": [2],
    }
    assert table_in(identified, "By nationality") == {"Guinea": [1], "Nigeria": [1], "Total": [2]}
    assert len(identified._charts) == 5  # one native bar chart per breakdown

    justice = book["Justice  incidents, prosecution"]
    assert table_in(justice, "Smuggled migrants counted, by operation") == {
        "Boat intercepted": [52],
        "Raid and rescue": [0],
        "Total": [52],
    }
    trainings = book["Trainings"]
    # The seed document's table: participants by workshop topic and country.
    assert table_in(trainings, "Participants by topic and country of the participant") == {
        "Investigation": [2, 3],
        "Legal frameworks": [1, 2],
    }
    assert [c.value for c in trainings[2]][:3] == ["Topic", "Mauritania", "Senegal"]
    community = book["Community reports"]
    conversion = table_in(community, "Reports that became a case")
    assert conversion == {"Community reports converted to a case": [0.4]}
    definitions = [row[0] for row in book["Definitions"].iter_rows(min_row=2, values_only=True)]
    assert "justice_actors_trained" in definitions and "survivors_identified" in definitions


def test_pdf_text_carries_the_same_figures(
    hand_made: Any, users: Any, exact: None, tmp_path: Path
) -> None:
    done = export(users["coordinator"], "pdf")
    assert done.content.startswith(b"%PDF-")
    text = pdf_text(done.content, tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Survivors identified 2 0 3" in lines
    assert "Smuggled migrants counted in incidents 52 0 52" in lines
    assert "Criminal justice actors trained 5 0 5" in lines
    assert "Investigation 2 3" in lines  # topic x country grid
    assert "Community reports converted to a case 40.0 %" in lines
    assert "Definitions" in lines and "Note on small-count suppression" in lines


def test_small_counts_are_hidden_in_both_files(hand_made: Any, users: Any, tmp_path: Path) -> None:
    """Default threshold 5: 1 to 4 never appear, whoever exports (here the coordinator)."""
    book = load_workbook(io.BytesIO(export(users["coordinator"], "xlsx").content))
    key = table_in(book["Cover"], "Key figures")
    assert key["Survivors identified"] == ["< 5", 0, "< 5"]
    assert key["Participants trained"] == [7, 0, 7]
    assert key["Community reports received"] == [6, 0, 6]
    assert key["Magistrates trained"] == ["< 5", 0, "< 5"]
    assert key["Smuggled migrants counted in incidents"] == [52, 0, 52]
    # Both channels are small: hidden, while the total of six is shown.
    channels = table_in(book["Community reports"], "Reports received, by channel")
    assert channels == {"Committee member": ["< 5"], "Hotline": ["< 5"], "Total": [6]}
    grid = table_in(book["Trainings"], "Participants by topic and country of the participant")
    assert grid == {"Investigation": ["< 5", "< 5"], "Legal frameworks": ["< 5", "< 5"]}

    lines = [
        " ".join(line.split())
        for line in pdf_text(export(users["analyst"], "pdf").content, tmp_path).splitlines()
    ]
    # pdftotext drops the space of "< 5" (the two glyphs are close)
    assert "Survivors identified <5 0 <5" in lines
    assert "Magistrates trained <5 0 <5" in lines
    assert "Committee member <5" in lines and "Hotline <5" in lines
    assert not any(line in ("Committee member 2", "Hotline 4", "Female 1") for line in lines)


def test_arabic_pdf_is_right_to_left_with_arabic_labels(
    hand_made: Any, users: Any, exact: None, tmp_path: Path
) -> None:
    from jokko.reports.pdf import report_html

    with translation.override("ar"), store.connect() as conn:
        report = build_report(
            conn, Q2, region=None, language="ar", sections={"identification", "map"}
        )
        html = report_html(report)
    assert '<html lang="ar" dir="rtl">' in html
    assert "Noto Naskh Arabic" in html
    done = export(users["coordinator"], "pdf", language="ar")
    text = pdf_text(done.content, tmp_path)
    # pdftotext's order of Arabic letters varies (ligatures, direction marks), so count them:
    # the labels, the country and (once translated) the headings are Arabic text in the PDF.
    arabic = sum(1 for char in text if "\u0600" <= char <= "\u06ff")
    assert arabic > 300
    pdf = tmp_path / "ar.pdf"
    pdf.write_bytes(done.content)
    fonts = subprocess.run(
        ["/usr/bin/pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert "Noto-Naskh-Arabic" in fonts  # the vendored font, embedded


def test_map_has_a_path_per_country_and_a_circle_per_hotspot(hand_made: Any, exact: None) -> None:
    with translation.override("en"), store.connect() as conn:
        report = build_report(conn, Q2, region=None, language="en", sections={"map"})
    assert {p["place_code"] for p in report.points} >= {"SN-KE-KEDOUGOU", "SN-SL-SAINT_LOUIS"}
    root = ET.fromstring(map_svg(report))  # noqa: S314 - our own SVG
    ns = {"s": "http://www.w3.org/2000/svg"}
    countries = [p.get("data-country") for p in root.iterfind(".//s:path[@class='country']", ns)]
    assert len(countries) == len(set(countries))  # one path each
    for iso in ("SN", "MR", "ML", "GN", "GM", "NE", "BF", "NG", "CI", "GW"):
        assert iso in countries, iso
    all_iso = {f["properties"].get("iso2") for f in boundaries()["features"]}
    assert "DE" in all_iso and "DE" not in countries  # outside the frame: not drawn
    circles = root.findall(".//s:circle[@class='hotspot']", ns)
    assert sorted(str(c.get("data-place")) for c in circles) == sorted(
        p["place_code"] for p in report.points
    )


def test_roles_coordinators_analysts_all_programme_officers_trainings(
    hand_made: Any, users: Any, client: Any
) -> None:
    book = load_workbook(io.BytesIO(export(users["programme"], "xlsx").content))
    assert book.sheetnames == ["Cover", "Trainings", "Definitions"]
    definitions = {row[0] for row in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert "survivors_identified" not in definitions and "participants_trained" in definitions
    login(client, users["programme"])
    page = client.get(reverse("reports-quarterly"))
    assert b'id="trainings-only"' in page.content
    key = table_in(book["Cover"], "Key figures")
    assert "Survivors identified" not in key and "Participants trained" in key
    for role in ("worker", "investigator", "prosecutor", "reporter", "admin"):
        with pytest.raises(ReportRefused):
            export(users[role], "pdf")
        client.logout()
        login(client, users[role])
        response = client.get(reverse("reports-download"), {"quarter": "2025-Q2", "format": "pdf"})
        assert response.status_code == 403
    refused = AuditEntry.objects.filter(object_type="quarterly_report", action="denied")
    assert refused.count() == 5


def test_download_is_audited_and_bad_input_explained(
    hand_made: Any, users: Any, client: Any
) -> None:
    login(client, users["coordinator"])
    page = client.get(reverse("reports-quarterly"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b'value="2026-Q3" selected' in page.content  # today is in 2026-Q4 on this machine
    before = AuditEntry.objects.filter(action="export").count()
    for bad, message in (
        ({"quarter": "2025-Q5", "format": "pdf"}, "The quarter must be written like 2026-Q3"),
        ({"quarter": "2031-Q1", "format": "pdf"}, "it has not started yet"),
        ({"quarter": "2025-Q2", "format": "docx"}, "Choose the PDF or the Excel file."),
        ({"quarter": "2025-Q2", "format": "pdf", "region": "XX-NOWHERE"}, "Unknown region code"),
        ({"quarter": "2025-Q2", "format": "pdf", "language": "de"}, "French, English or Arabic"),
    ):
        response = client.get(
            reverse("reports-download"), {"language": "en", **bad}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400, bad
        assert message in response.content.decode(), bad
    assert AuditEntry.objects.filter(action="export").count() == before
    response = client.get(
        reverse("reports-download"),
        {"quarter": "2025-Q2", "format": "xlsx", "region": "SN-KE", "language": "fr"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="jokko-SN-KE-2025-Q2-fr.xlsx"'
    entry = AuditEntry.objects.filter(action="export", object_type="quarterly_report").latest("id")
    assert entry.actor_username == users["coordinator"].username
    assert entry.object_id == "2025-Q2"
    assert entry.detail["format"] == "xlsx" and entry.detail["region"] == "SN-KE"


def test_text_cells_are_neutralised_against_formulas(
    hand_made: Any, users: Any, exact: None
) -> None:
    from jokko.trainings.models import TrainingTopic

    TrainingTopic.objects.filter(code="t-legal").update(name_en='=HYPERLINK("http://x","y")')
    book = load_workbook(io.BytesIO(export(users["coordinator"], "xlsx").content))
    grid = table_in(book["Trainings"], "Participants by topic and country of the participant")
    assert grid['\'=HYPERLINK("http://x","y")'] == [1, 2]


def test_command_line_writes_the_file_as_the_user(
    hand_made: Any, users: Any, tmp_path: Path
) -> None:
    out = tmp_path / "q.xlsx"
    call_command(
        "quarterly_report",
        "--quarter",
        "2025-Q2",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--user",
        users["analyst"].username,
        "--language",
        "en",
        stdout=io.StringIO(),
    )
    assert load_workbook(out).sheetnames[0] == "Cover"
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.channel == "cli" and entry.actor_username == users["analyst"].username
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="may not export"):
        call_command(
            "quarterly_report",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x.pdf"),
            "--user",
            users["worker"].username,
            stdout=io.StringIO(),
        )


def test_periods() -> None:
    import datetime

    today = datetime.date(2026, 12, 7)
    assert Quarter.last_complete(today) == Quarter(2026, 3)
    assert Quarter.last_complete(datetime.date(2026, 2, 1)) == Quarter(2025, 4)
    assert Quarter.parse("2026q3", today=today).label == "2026-Q3"
    q = Quarter(2024, 1)
    assert (q.start, q.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert Quarter(2024, 4).end == datetime.date(2024, 12, 31)
    assert q.year_before() == Quarter(2023, 1)


def test_a_region_report_counts_that_region_only(hand_made: Any, users: Any, exact: None) -> None:
    """Kédougou (SN-KE): A and C identified there (B was in Dakar), INC-2 only, four reports."""
    book = load_workbook(io.BytesIO(export(users["coordinator"], "xlsx", region="SN-KE").content))
    assert book["Cover"]["A2"].value == "Kédougou"
    key = table_in(book["Cover"], "Key figures")
    assert key["Survivors identified"] == [2, 0, 2]
    assert key["Incidents recorded"] == [1, 0, 1]
    assert key["Participants trained"] == [0, 0, 0]  # the trainings were in Dakar and Nouadhibou
    assert key["Community reports received"] == [4, 0, 4]
    notes = [row[0] for row in book["Justice  incidents, prosecution"].iter_rows(values_only=True)]
    assert any(
        str(note).startswith("Prosecutions and verdicts are recorded by court") for note in notes
    )


def test_arabic_workbook_reads_right_to_left(hand_made: Any, users: Any) -> None:
    book = load_workbook(io.BytesIO(export(users["coordinator"], "xlsx", language="ar").content))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    english = load_workbook(io.BytesIO(export(users["coordinator"], "xlsx").content))
    assert not any(sheet.sheet_view.rightToLeft for sheet in english.worksheets)
