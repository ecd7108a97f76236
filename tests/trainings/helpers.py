"""Records for the training tests and the shared permission matrices (tests/web, tests/api)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

FIRST_DAY = datetime.date(2026, 3, 9)
LAST_DAY = datetime.date(2026, 3, 11)
HEADERS = [
    "Nom",
    "Sexe",
    "Structure",
    "Fonction",
    "Pays",
    "Téléphone",
    "Rôle",
    "Pré-test",
    "Post-test",
]


def programme_user() -> Any:
    from jokko.accounts.models import User

    return User.objects.get(username="programme")


def make_training(
    user: Any = None,
    *,
    title: str = "Identification des victimes de la traite",
    topic: str = "victim_identification",
    audience: str = "police",
    place_code: str = "SN-KE-KEDOUGOU",
    start_on: datetime.date = FIRST_DAY,
    end_on: datetime.date = LAST_DAY,
    tot: bool = False,
    country: str = "",
    funder: str = "UNODC",
) -> Any:
    from jokko.trainings.actions import TrainingInput, record_training

    return record_training(
        user or programme_user(),
        TrainingInput(
            title=title,
            topic_code=topic,
            audience=audience,
            place_code=place_code,
            start_on=start_on,
            end_on=end_on,
            funder=funder,
            is_training_of_trainers=tot,
            country=country,
        ),
    )


def row(name: str, agency: str = "Division traite", **fields: Any) -> Any:
    from jokko.trainings.sheets import SheetRow

    fields.setdefault("country", "SN")
    return SheetRow(line=0, name=name, agency=agency, **fields)


def xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers or HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def training_for_permissions() -> Any:
    """A police training in Kédougou with one certified trainee (made once)."""
    from jokko.trainings.actions import add_participants
    from jokko.trainings.models import TrainingEvent

    existing = TrainingEvent.objects.filter(title="Formation permissions").first()
    if existing is not None:
        return existing
    event = make_training(title="Formation permissions", tot=True)
    add_participants(
        programme_user(),
        event,
        [row("Awa Ndiaye", sex="female", pre_score=40, post_score=80)],
    )
    return event


def attendance_for_permissions() -> Any:
    return training_for_permissions().attendances.get()


def participant_for_permissions() -> Any:
    return attendance_for_permissions().participant


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its Flate streams inflated, so tests can read its metadata and font names.

    No PDF library is installed; WeasyPrint compresses objects (the document information with
    its title, the font descriptors) in Flate streams that zlib reads.
    """
    import re
    import zlib

    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return pdf + b"".join(inflated)
