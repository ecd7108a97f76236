"""The import API: same checks and all-or-nothing commit as the pages."""

from __future__ import annotations

from typing import Any

from tests.api.test_api import ApiClient
from tests.spreadsheets.helpers import counts, import_body

CASES = [
    ["Nom", "Type de cas", "Source d'identification", "Date d'identification", "Lieu"],
    ["Awa Camara", "tip", "ngo", "12/03/2024", "Kédougou"],
    ["Binta Sow", "som", "police", "2024-04-02", "Kidira"],
]


def test_import_cases_and_read_the_batch(users: dict[str, Any]) -> None:
    from jokko.cases.models import Case

    api = ApiClient(users["worker"])
    api.client.cookies["django_language"] = "en"
    response = api.post("/spreadsheets/imports", import_body("cases", CASES))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "committed" and body["errors"] == []
    assert [item["line"] for item in body["created"]] == [2, 3]
    assert Case.objects.count() == 2
    again = api.get(f"/spreadsheets/imports/{body['batch_id']}")
    assert again.status_code == 200 and again.json()["created"] == body["created"]
    assert (
        ApiClient(users["other_worker"])
        .get(f"/spreadsheets/imports/{body['batch_id']}")
        .status_code
        == 404
    )
    repeat = api.post("/spreadsheets/imports", import_body("cases", CASES))
    assert repeat.status_code == 409 and repeat.json()["batch_id"] == body["batch_id"]
    assert Case.objects.count() == 2


def test_row_errors_write_nothing_and_dry_run_keeps_nothing(users: dict[str, Any]) -> None:
    from jokko.spreadsheets.models import ImportBatch

    api = ApiClient(users["worker"])
    api.client.cookies["django_language"] = "en"
    bad = [*CASES, ["Kadi Touré", "vol", "ngo", "31/02/2024", "Kédougou"]]
    before = counts()
    dry = api.post("/spreadsheets/imports", import_body("cases", bad, dry_run=True))
    assert dry.status_code == 400
    assert {(e["line"], e["column"]) for e in dry.json()["errors"]} == {
        (4, "Type de cas"),
        (4, "Date d'identification"),
    }
    assert not ImportBatch.objects.exists()
    response = api.post("/spreadsheets/imports", import_body("cases", bad))
    assert response.status_code == 400
    assert len(response.json()["errors"]) == 2
    assert counts() == before
    assert ImportBatch.objects.get().content is None
    ok = api.post("/spreadsheets/imports", import_body("cases", CASES, dry_run=True))
    assert ok.status_code == 200 and ok.json()["errors"] == []
    assert counts() == before


def test_unreadable_file_and_bad_mapping(users: dict[str, Any]) -> None:
    import base64

    api = ApiClient(users["worker"])
    api.client.cookies["django_language"] = "en"
    latin = {
        "kind": "persons",
        "filename": "p.csv",
        "content_base64": base64.b64encode("Nom\nKédougou\n".encode("latin-1")).decode(),
    }
    response = api.post("/spreadsheets/imports", latin)
    assert response.status_code == 422 and "UTF-8" in str(response.json())
    mapping = import_body("cases", CASES, mapping={"name": "Nom"})
    response = api.post("/spreadsheets/imports", mapping)
    assert response.status_code == 422 and "required" in str(response.json()["detail"]["mapping"])
    assert api.post("/spreadsheets/imports", {**latin, "content_base64": "%%"}).status_code == 422
