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


def training_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The training rows of the API permission matrix (tests/api/test_api.py): for each route,
    (prepare, call, effect) over the permission training."""
    from jokko.trainings.models import Attendance, TrainingEvent

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def event_id(world: Any) -> int:
        return int(training_for_permissions().pk)

    def count_events(world: Any) -> int:
        return int(TrainingEvent.objects.count())

    def one_more_event(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return bool(TrainingEvent.objects.count() == prepared + 1)

    def fresh_event(world: Any) -> dict[str, int]:
        event = training_for_permissions()
        return {"id": event.pk, "count": Attendance.objects.filter(event=event).count()}

    def one_more_attendance(world: Any, prepared: dict[str, int], before: Any, after: Any) -> bool:
        return bool(
            Attendance.objects.filter(event_id=prepared["id"]).count() == prepared["count"] + 1
        )

    body = {
        "title": "Atelier API",
        "topic": "investigation",
        "audience": "gendarmerie",
        "place_code": "SN-TC-KIDIRA",
        "start_on": FIRST_DAY.isoformat(),
        "end_on": LAST_DAY.isoformat(),
    }
    counter = iter(range(1, 1000))

    return {
        "GET /trainings": (nothing, lambda api, w, p: api.get("/trainings"), unchanged),
        "POST /trainings": (
            count_events,
            lambda api, w, p: api.post("/trainings", body),
            one_more_event,
        ),
        "GET /trainings/indicators": (
            nothing,
            lambda api, w, p: api.get("/trainings/indicators"),
            unchanged,
        ),
        "GET /trainings/{event_id}": (
            event_id,
            lambda api, w, p: api.get(f"/trainings/{p}"),
            unchanged,
        ),
        "GET /trainings/{event_id}/participants": (
            event_id,
            lambda api, w, p: api.get(f"/trainings/{p}/participants"),
            unchanged,
        ),
        "POST /trainings/{event_id}/participants": (
            fresh_event,
            lambda api, w, p: api.post(
                f"/trainings/{p['id']}/participants",
                [{"name": f"Agent {next(counter)}", "agency": "Poste de Kidira"}],
            ),
            one_more_attendance,
        ),
        "GET /trainings/{event_id}/cascade": (
            event_id,
            lambda api, w, p: api.get(f"/trainings/{p}/cascade"),
            unchanged,
        ),
    }


TRAINING_PAGES_WITH_IDS = {
    "training-detail",
    "training-import",
    "training-cascade",
    "training-certificate",
    "participant-detail",
}


def training_page_url(name: str) -> str:
    """The URL of a trainings page that needs a record, for the permission matrix (tests/web)."""
    from django.urls import reverse

    if name == "training-certificate":
        return reverse(name, kwargs={"attendance_id": attendance_for_permissions().pk})
    if name == "participant-detail":
        return reverse(name, kwargs={"participant_id": participant_for_permissions().pk})
    return reverse(name, kwargs={"event_id": training_for_permissions().pk})
