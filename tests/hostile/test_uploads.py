"""Hostile file names and content types on every upload form.

Uploads are kept in the database (encrypted where they are personal data), never written under
their own name. These tests send every upload form names built to escape a directory or break
a header (`../../`, absolute paths, backslashes, NUL, 1000 characters, markup) with content
types that lie, and check: no server error, no file appears on disk, and every name the node
stores or sends back in a header is a plain base name.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE_NAMES = [
    "../../../../tmp/jokko-pwned.csv",
    os.path.join(tempfile.gettempdir(), "jokko-pwned-absolute.csv"),
    "..\\..\\..\\jokko-pwned-windows.csv",
    "jokko-pwned\x00.csv",
    "jokko-" + "x" * 1000 + ".csv",
    '"><script>alert(1)</script>.csv',
    "jokko\r\nSet-Cookie: pwned=1.csv",
]
LYING_TYPES = ["text/html", "image/svg+xml", "application/x-msdownload"]
CSV = b"nom,sexe\nAwa Ndiaye,F\n"


def _files_on_disk() -> set[str]:
    """Every file under the node's data directory and the project tree, plus pwned markers."""
    temp = Path(tempfile.gettempdir())
    roots = [Path(os.environ["JOKKO_DATA_DIR"]), Path.cwd() / "src", temp]
    found: set[str] = set()
    for root in roots:
        for directory, _dirs, files in os.walk(root):
            if root == temp and Path(directory) != temp:
                continue
            found |= {os.path.join(directory, name) for name in files}
    return found


def _stored_names() -> list[str]:
    from jokko.htcds.models import HtcdsUpload
    from jokko.investigations.models import Evidence
    from jokko.spreadsheets.models import ImportBatch
    from jokko.trainings.models import AttendanceSheet

    return [
        *ImportBatch.objects.values_list("filename", flat=True),
        *HtcdsUpload.objects.values_list("filename", flat=True),
        *AttendanceSheet.objects.values_list("filename", flat=True),
        *Evidence.objects.values_list("document_name", flat=True),
    ]


def _post_spreadsheet(client: Client, upload: Any) -> Any:
    return client.post(reverse("spreadsheet-import"), {"kind": "persons", "file": upload})


def _post_htcds(client: Client, upload: Any) -> Any:
    return client.post(reverse("htcds-import"), {"file": upload, "source_system": "Casebook"})


def _post_odk(client: Client, upload: Any) -> Any:
    return client.post(reverse("odk-upload"), {"form": "", "files": [upload]})


def _post_training(client: Client, upload: Any) -> Any:
    from tests.trainings.helpers import training_for_permissions

    event = training_for_permissions()
    url = reverse("training-import", kwargs={"event_id": event.pk})
    return client.post(url, {"sheet_file": upload})


def _post_evidence(client: Client, upload: Any) -> Any:
    from tests.investigations.helpers import investigation_for_permissions

    investigation = investigation_for_permissions()
    return client.post(
        reverse("investigation-detail", kwargs={"investigation_id": investigation.pk}),
        {
            "form": "evidence",
            "exhibit_number": f"PC-{abs(hash(upload.name)) % 10**6}",
            "description": "Téléphone saisi",
            "kind": "document",
            "collected_on": "2026-01-05",
            "document": upload,
        },
    )


def _post_photo(client: Client, upload: Any) -> Any:
    from tests.cases.test_pages import _form

    return client.post(reverse("case-register"), _form(photo=upload))


# (form, role, poster, content)
UPLOADS: list[tuple[str, str, Callable[[Client, Any], Any], bytes]] = [
    ("spreadsheet", "worker", _post_spreadsheet, CSV),
    ("htcds", "coordinator", _post_htcds, json.dumps([{"case_id": "X-1"}]).encode()),
    ("odk", "worker", _post_odk, b"<data id='jokko_identification'/>"),
    ("training", "programme", _post_training, b"Nom,Structure\nAwa Ndiaye,Division traite"),
    ("evidence", "investigator", _post_evidence, b"%PDF-1.4 not really"),
    ("photo", "worker", _post_photo, b'<svg onload="alert(1)"/>'),
]


FORMS_THAT_KEEP_THE_NAME = {"spreadsheet", "htcds", "training", "evidence"}


@pytest.mark.parametrize(("form", "role", "post", "content"), UPLOADS)
def test_hostile_file_names_never_escape(
    users: dict[str, Any], form: str, role: str, post: Any, content: bytes
) -> None:
    client = login(Client(), users[role])
    before, names_before = _files_on_disk(), len(_stored_names())
    for index, name in enumerate(HOSTILE_NAMES):
        kind = LYING_TYPES[index % len(LYING_TYPES)]
        # Each upload is a new file: the spreadsheet importer refuses the same bytes twice.
        upload = SimpleUploadedFile(name, content + f"\n{index}".encode(), content_type=kind)
        response = post(client, upload)
        assert response.status_code < 500, f"{form} with {name[:30]!r}: {response.status_code}"
        assert b"<script>alert(1)</script>" not in response.content
    created = {path for path in _files_on_disk() - before if "pwned" in path}
    assert not created, f"{form} wrote {created}"
    if form in FORMS_THAT_KEEP_THE_NAME:
        assert len(_stored_names()) > names_before, f"{form} kept nothing: the test tested nothing"
    for stored in _stored_names():
        assert "/" not in stored and "\\" not in stored and "\x00" not in stored, stored
        assert "\r" not in stored and "\n" not in stored and len(stored) <= 255, stored


def test_a_hostile_document_name_is_a_safe_download(users: dict[str, Any]) -> None:
    from jokko.investigations.models import Evidence
    from tests.investigations.helpers import investigation_for_permissions

    client = login(Client(), users["investigator"])
    investigation = investigation_for_permissions()
    upload = SimpleUploadedFile(
        '../../"; filename=evil.html\r\n.html', b"<html><script>1</script>", "text/html"
    )
    assert _post_evidence(client, upload).status_code < 500
    evidence = Evidence.objects.exclude(document_name="").order_by("-pk").first()
    assert evidence is not None
    response = client.get(
        reverse(
            "investigation-evidence-document",
            kwargs={"investigation_id": investigation.pk, "evidence_id": evidence.pk},
        )
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert disposition.count('"') == 2 and "\r" not in disposition and "/" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
