"""A bad sheet is refused with a row-level report, and changes nothing at all."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import login
from tests.spreadsheets.helpers import batch_id, counts, csv_bytes, upload

HEADER = [
    "Nom",
    "Type de cas",
    "Source d'identification",
    "Date d'identification",
    "Lieu",
    "Type d'exploitation",
]
MAPPING = {
    "field_name": "Nom",
    "field_case_type": "Type de cas",
    "field_identification_source": "Source d'identification",
    "field_identified_on": "Date d'identification",
    "field_place_code": "Lieu",
    "field_exploitation_types": "Type d'exploitation",
}


def _row_errors(html: str) -> list[list[str]]:
    import re

    rows = re.findall(
        r'<tr class="row-error"><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>', html
    )
    return [list(row) for row in rows]


def test_row_level_report_and_nothing_written(
    client: Any, users: dict[str, Any], make_case: Any
) -> None:
    make_case()  # the database is not empty
    login(client, users["worker"])
    data = csv_bytes(
        [
            HEADER,
            ["Awa Camara", "tip", "ngo", "12/03/2024", "Kédougou", "forced_labour"],  # good
            ["Mariama Bâ", "tip", "ngo", "31/02/2024", "Kédougou", ""],  # impossible date
            ["Fanta Diop", "vol", "ngo", "2024-03-01", "Kédougou", ""],  # unknown vocabulary
            ["", "tip", "ngo", "2024-03-01", "Atlantis", "pêche"],  # no name, bad place, bad code
            [],
            ["Awa Camara", "tip", "ngo", "12/03/2024", "Kédougou", "forced_labour"],  # duplicate
            ["Kadi Touré", "tip", "ngo", "2099-01-01", "Kédougou", ""],  # future (action check)
        ]
    )
    before = counts()
    batch = batch_id(upload(client, "cases", "cas.csv", data))
    assert client.post(f"/spreadsheets/import/{batch}/map/", MAPPING).status_code == 302
    preview = client.get(f"/spreadsheets/import/{batch}/preview/").content.decode()
    errors = _row_errors(preview)
    assert ["3", "Date d&#x27;identification"] == errors[0][:2] and "not a date" in errors[0][2]
    assert any(e[0] == "4" and e[1] == "Type de cas" and "vol" in e[2] for e in errors)
    line5 = {e[1] for e in errors if e[0] == "5"}
    assert line5 == {"Nom", "Lieu", "Type d&#x27;exploitation"}
    assert any(e[0] == "7" and "repeats line 2" in e[2] for e in errors)  # empty line 6 kept
    assert any(e[0] == "8" and e[1] == "Date d&#x27;identification" for e in errors)
    assert 'id="commit-form"' not in preview
    response = client.post(f"/spreadsheets/import/{batch}/commit/")
    assert response.status_code == 400
    assert len(_row_errors(response.content.decode())) == len(errors)
    assert counts() == before


def test_wrong_columns_are_refused_at_the_mapping_step(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    before = counts()
    data = csv_bytes([["Produit", "Prix"], ["Riz", "1000"]])
    batch = batch_id(upload(client, "cases", "stock.csv", data))
    response = client.post(f"/spreadsheets/import/{batch}/map/", {"field_name": "Produit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Date of identification" in html and "is required" in html
    # The preview and commit refuse to run on an unusable mapping.
    assert client.get(f"/spreadsheets/import/{batch}/preview/")["Location"].endswith("/map/")
    client.post(f"/spreadsheets/import/{batch}/commit/")
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("junk.csv", b"\x00\xff" * 5_000_000, "too big"),
        ("cas.csv", "Nom,Lieu\nKédougou,Kédougou\n".encode("latin-1"), "UTF-8"),
        ("cas.csv", "Nom,Lieu\nAwa,Kidira\n".encode("utf-16"), "UTF-16"),
        ("cas.pdf", b"%PDF-1.4", "Unsupported file type"),
        ("cas.xlsx", b"PK\x03\x04 cut here", "damaged"),
        ("cas.csv", b"", "empty"),
    ],
)
def test_unreadable_files_are_refused(
    client: Any, users: dict[str, Any], name: str, data: bytes, message: str
) -> None:
    from jokko.spreadsheets.models import ImportBatch

    login(client, users["worker"])
    before = counts()
    response = upload(client, "cases", name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before
    assert not ImportBatch.objects.exists()


def test_persons_import_refuses_suspects(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    data = csv_bytes([["Nom", "Rôle"], ["Awa Camara", "Témoin"], ["Moussa Keita", "suspect"]])
    batch = batch_id(upload(client, "persons", "p.csv", data))
    client.post(f"/spreadsheets/import/{batch}/map/", {"field_name": "Nom", "field_role": "Rôle"})
    errors = _row_errors(client.get(f"/spreadsheets/import/{batch}/preview/").content.decode())
    assert errors == [["3", "Rôle", errors[0][2]]] and "incidents" in errors[0][2]


def test_page_refuses_more_rows_than_a_request_may_import(
    client: Any, users: dict[str, Any]
) -> None:
    from jokko.spreadsheets.actions import MAX_REQUEST_ROWS

    login(client, users["worker"])
    data = csv_bytes([["Nom"]] + [[f"Personne {i}"] for i in range(MAX_REQUEST_ROWS + 1)])
    response = upload(client, "persons", "grand.csv", data)
    assert response.status_code == 400
    assert f"more than {MAX_REQUEST_ROWS} rows" in response.content.decode()
    assert "jokko import" in response.content.decode()
