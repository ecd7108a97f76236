"""Trainings: recording events, one participant across events, attendance sheets, certificates."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.trainings import actions
from jokko.trainings.models import Attendance, AttendanceSheet, Participant, TrainingEvent
from tests.conftest import login
from tests.trainings.helpers import (
    FIRST_DAY,
    HEADERS,
    LAST_DAY,
    csv_bytes,
    make_training,
    pdf_objects,
    row,
    xlsx,
)

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- recording a training ----------------------------------------------------------------


def test_a_training_gets_a_reference_of_the_node_and_year(users: dict[str, Any]) -> None:
    first = make_training()
    second = make_training(title="Cadre juridique", topic="legal_framework")
    assert first.reference == "FOR-SN-2026-0001"
    assert second.reference == "FOR-SN-2026-0002"
    assert first.organiser == users["programme"].organisation
    assert AuditEntry.objects.filter(object_type="training", action="create").count() == 2


def test_bad_training_input_is_refused_field_by_field(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.record_training(
            users["programme"],
            actions.TrainingInput(
                title=" ",
                topic_code="astrology",
                audience="everyone",
                place_code="SN-NOWHERE",
                start_on=datetime.date(2026, 3, 10),
                end_on=datetime.date(2026, 3, 1),
            ),
        )
    errors = _messages(exc)
    assert set(errors) == {"title", "topic", "audience", "place_code", "end_on"}
    assert errors["end_on"] == ["The last day is before the first day."]
    assert not TrainingEvent.objects.exists()


def test_absurd_dates_and_a_place_of_another_country_are_refused(users: dict[str, Any]) -> None:
    data = actions.TrainingInput(
        title="Atelier",
        topic_code="investigation",
        audience="gendarmerie",
        place_code="MR-13-NOUAKCHOTT",
        start_on=datetime.date(1926, 3, 1),
        end_on=datetime.date(1926, 9, 1),
    )
    with pytest.raises(ValidationError) as exc:
        actions.record_training(users["programme"], data)
    errors = _messages(exc)
    assert errors["place_code"] == ["This place is not in the training's country."]
    assert errors["start_on"] == ["This date is not plausible for a training."]
    assert errors["end_on"] == ["A training lasts at most 90 days."]
    # The same workshop held in Nouakchott, recorded as a Mauritanian training, is fine.
    data.country, data.start_on, data.end_on = "MR", FIRST_DAY, LAST_DAY
    assert actions.record_training(users["programme"], data).country == "MR"


def test_only_programme_officers_and_coordinators_record_trainings(users: dict[str, Any]) -> None:
    from jokko.accounts.access import ActionForbidden

    make_training(users["coordinator"])
    for role in ("analyst", "worker", "investigator", "reporter", "admin"):
        with pytest.raises(ActionForbidden):
            make_training(users[role])


# --- one participant across events -------------------------------------------------------


def test_the_same_person_is_one_participant_across_trainings(users: dict[str, Any]) -> None:
    programme = users["programme"]
    first = make_training()
    second = make_training(title="Techniques d'enquête", topic="investigation")
    actions.add_participants(programme, first, [row("Mamadou DIALLO", sex="male")])
    result = actions.add_participants(
        programme,
        second,
        [
            row("Diallo Mamadou", agency="DIVISION  traite"),  # same name, order and case
            row("Mamadou Diallo", agency="Gendarmerie de Kédougou"),  # a namesake elsewhere
        ],
    )
    assert (result.matched_participants, result.created_participants) == (1, 1)
    assert Participant.objects.count() == 2
    mamadou = Participant.objects.get(agency="Division traite")
    assert mamadou.attendances.count() == 2


def test_a_phone_follows_a_person_who_changed_agency(users: dict[str, Any]) -> None:
    programme = users["programme"]
    actions.add_participants(
        programme, make_training(), [row("Fatou Sow", phone="+221 77 123 45 67")]
    )
    moved = row("Fatou Sow", agency="Brigade de Kidira", phone="+221771234567")
    actions.add_participants(programme, make_training(title="Suite"), [moved])
    assert Participant.objects.count() == 1
    # Same name and agency but a different phone: two namesakes in one big directorate.
    other = row("Fatou Sow", phone="+221 70 000 00 00")
    actions.add_participants(programme, make_training(title="Encore"), [other])
    assert Participant.objects.count() == 2


def test_adding_the_same_rows_twice_adds_no_attendance(users: dict[str, Any]) -> None:
    event = make_training()
    rows = [row("Awa Ndiaye", pre_score=40, post_score=80), row("Ibrahima Fall")]
    actions.add_participants(users["programme"], event, rows)
    again = actions.add_participants(users["programme"], event, rows)
    assert again.added_attendances == 0 and again.unchanged_attendances == 2
    assert event.attendances.count() == 2


def test_scores_out_of_range_are_refused_and_nothing_is_written(users: dict[str, Any]) -> None:
    event = make_training()
    with pytest.raises(ValidationError) as exc:
        actions.add_participants(
            users["programme"], event, [row("Awa Ndiaye"), row("Ibrahima Fall", post_score=130)]
        )
    assert _messages(exc)["participants"] == [
        "Participant 2: a score is a whole number from 0 to 100."
    ]
    assert not Participant.objects.exists() and not Attendance.objects.exists()


def test_completed_trainees_get_a_unique_certificate_number(users: dict[str, Any]) -> None:
    event = make_training()
    actions.add_participants(
        users["programme"],
        event,
        [
            row("Awa Ndiaye"),
            row("Ibrahima Fall", completed=False),
            row("Moussa Sarr", role="trainer"),
        ],
    )
    numbers = {
        a.participant.full_name: a.certificate_number
        for a in event.attendances.select_related("participant")
    }
    assert numbers["Ibrahima Fall"] is None and numbers["Moussa Sarr"] is None
    assert numbers["Awa Ndiaye"] and numbers["Awa Ndiaye"].startswith("JK-")


# --- attendance sheets --------------------------------------------------------------------

GOOD_ROWS: list[list[Any]] = [
    ["Awa Ndiaye", "F", "Division traite", "Commissaire", "SN", "+221 77 100 00 01", "", 45, 85],
    ["Moussa Sarr", "M", "Gendarmerie Kédougou", "Adjudant", "", "", "Formateur", "", ""],
    ["Aminata Ba", "F", "Tribunal de Kédougou", "Juge", "SN", "", "stagiaire", "50", "90"],
]


def _upload(client: Any, event: TrainingEvent, data: bytes, name: str = "presence.xlsx") -> Any:
    return client.post(
        reverse("training-import", args=[event.pk]),
        {"sheet_file": SimpleUploadedFile(name, data)},
    )


def _confirm(client: Any, event: TrainingEvent) -> Any:
    sheet = AttendanceSheet.objects.filter(event=event, imported_at__isnull=True).latest("id")
    return client.post(reverse("training-import", args=[event.pk]), {"sheet": sheet.pk})


def test_sheet_preview_changes_nothing_then_confirm_imports(
    client: Any, users: dict[str, Any]
) -> None:
    event = make_training()
    known = make_training(title="Avant")
    actions.add_participants(users["programme"], known, [row("Ndiaye Awa")])
    login(client, users["programme"])
    bad: list[Any] = ["Ousmane Diop", "M", "Police Kidira", "", "SN", "", "", "45", "180"]
    response = _upload(client, event, xlsx([*GOOD_ROWS, bad]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "New participant" in page and "Known participant" in page
    # Line 5 of the sheet (header on line 1), column as the sheet names it, and why.
    rejected = response.context["preview"].problems
    assert [(p.line, p.column) for p in rejected] == [(5, "Post-test")]
    assert "not a score" in rejected[0].message
    assert event.attendances.count() == 0 and Participant.objects.count() == 1

    response = _confirm(client, event)
    assert response.status_code == 302
    assert event.attendances.count() == 3
    assert Participant.objects.count() == 3  # Awa Ndiaye was already known
    assert event.attendances.get(participant__full_name="Moussa Sarr").role == "trainer"
    assert AuditEntry.objects.filter(object_type="attendance_sheet", action="import").exists()

    # The same sheet again: flagged as already imported, and no attendance is duplicated.
    response = _upload(client, event, xlsx([*GOOD_ROWS, bad]))
    assert response.context["preview"].already_imported
    assert {p.status for p in response.context["preview"].plans} == {"already"}
    _confirm(client, event)
    assert event.attendances.count() == 3


def test_a_confirmed_sheet_cannot_be_confirmed_twice(client: Any, users: dict[str, Any]) -> None:
    event = make_training()
    login(client, users["programme"])
    _upload(client, event, xlsx(GOOD_ROWS))
    sheet = AttendanceSheet.objects.get()
    url = reverse("training-import", args=[event.pk])
    client.post(url, {"sheet": sheet.pk})
    response = client.post(url, {"sheet": sheet.pk}, follow=True)
    assert "already imported" in response.content.decode()
    assert event.attendances.count() == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "wrong-columns.csv",
            csv_bytes(["Prénom,Ville", "Awa,Dakar"]),
            "the column(s) name, agency are missing",
        ),
        ("junk.xlsx", b"\x00junk" * 2_000_000, "too big"),
        ("notes.txt", b"just some text", ""),
        ("empty.csv", csv_bytes(["Nom,Structure"]), "no participant"),
    ],
)
def test_sheets_that_are_not_attendance_sheets_are_refused_whole(
    client: Any, users: dict[str, Any], name: str, data: bytes, message: str
) -> None:
    event = make_training()
    login(client, users["programme"])
    response = _upload(client, event, data, name)
    assert response.status_code == 400
    errors = response.context["preview"].sheet_errors
    assert errors and message in errors[0]
    assert "cannot be imported" in response.content.decode()
    assert not AttendanceSheet.objects.exists()
    assert not Participant.objects.exists() and not Attendance.objects.exists()


def test_every_bad_row_is_reported_with_line_column_and_message(
    client: Any, users: dict[str, Any]
) -> None:
    event = make_training()
    login(client, users["programme"])
    headers = ["Name", "Sex", "Agency", "Date", "Pre-test", "Post-test", "Email"]
    data = xlsx(
        [
            ["Awa Ndiaye", "F", "Division traite", "2026-03-09", 40, 80, ""],
            ["Awa  NDIAYE", "F", "division traite", "2026-03-10", 40, 80, ""],  # duplicate
            ["Ibou Fall", "X", "Police", "2026-02-30", -5, "beaucoup", "ibou@"],
            ["", "M", "", "2025-03-10", "", "", ""],
        ],
        headers,
    )
    response = _upload(client, event, data)
    found = [(p.line, p.column) for p in response.context["preview"].problems]
    assert found == [
        (3, "Name"),
        (4, "Sex"),
        (4, "Email"),
        (4, "Pre-test"),
        (4, "Post-test"),
        (4, "Date"),
        (5, "Name"),
        (5, "Agency"),
        (5, "Date"),
    ]
    messages = [p.message for p in response.context["preview"].problems]
    assert messages[0] == "The same person as on line 2: a duplicate row."
    assert messages[-1] == "2025-03-10 is not a day of this training (2026-03-09 to 2026-03-11)."
    # Only line 2 can be imported; confirming imports exactly that row.
    _confirm(client, event)
    assert event.attendances.count() == 1


def test_a_csv_sheet_in_utf8_with_bom_and_french_headers(
    client: Any, users: dict[str, Any]
) -> None:
    event = make_training()
    login(client, users["programme"])
    data = (
        "\ufeff" + ",".join(HEADERS) + "\nمحمد ولد أحمد,M,Police de Rosso,Commissaire,MR,,,30,70\n"
    )
    response = _upload(client, event, data.encode("utf-8"), "presence.csv")
    assert response.status_code == 200
    _confirm(client, event)
    participant = Participant.objects.get()
    assert (participant.full_name, participant.country) == ("محمد ولد أحمد", "MR")


# --- pages --------------------------------------------------------------------------------


def test_programme_officer_records_a_training_through_the_page(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["programme"])
    response = client.post(
        reverse("training-new"),
        {
            "title": "Formation des formateurs relais",
            "topic": "training_of_trainers",
            "audience": "mixed",
            "place_code": "SN-DK-DAKAR",
            "start_on": "2026-02-02",
            "end_on": "2026-02-06",
            "funder": "Union européenne",
            "is_training_of_trainers": "on",
            "country": "SN",
        },
    )
    event = TrainingEvent.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{event.pk}/")
    assert event.is_training_of_trainers and event.funder == "Union européenne"
    page = client.get(reverse("training-detail", args=[event.pk])).content.decode()
    assert "FOR-SN-2026-0001" in page


def test_the_new_training_form_shows_errors(client: Any, users: dict[str, Any]) -> None:
    login(client, users["programme"])
    response = client.post(reverse("training-new"), {"title": "x", "start_on": "2026-13-01"})
    assert response.status_code == 400
    assert "The first day is required." in response.content.decode()


def test_list_filters_and_export(client: Any, users: dict[str, Any]) -> None:
    make_training()
    make_training(
        title="Magistrats 2025",
        topic="prosecution",
        start_on=datetime.date(2025, 10, 1),
        end_on=datetime.date(2025, 10, 3),
        audience="magistrates",
    )
    login(client, users["programme"])
    page = client.get(reverse("training-list"), {"year": "2025"}).content.decode()
    assert "Magistrats 2025" in page and "Identification des victimes" not in page
    page = client.get(reverse("training-list"), {"topic": "victim_identification"}).content
    assert b"Magistrats 2025" not in page
    csv = client.get(reverse("training-list"), {"year": "2025", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Magistrats 2025" in text and "Identification des victimes" not in text
    xlsx_response = client.get(reverse("training-list"), {"format": "xlsx"})
    assert xlsx_response.content[:2] == b"PK"


def test_certificate_pdf_and_its_public_verification(client: Any, users: dict[str, Any]) -> None:
    event = make_training()
    actions.add_participants(users["programme"], event, [row("Awa Ndiaye", post_score=85)])
    attendance = event.attendances.get()
    login(client, users["programme"])
    response = client.get(reverse("training-certificate", args=[attendance.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    # The document's title names the certificate and the participant.
    assert f"/Title (Certificate {attendance.certificate_number} - Awa Ndiaye)".encode() in (
        pdf_objects(pdf)
    )
    assert AuditEntry.objects.filter(
        object_type="participant", object_id=str(attendance.participant_id), action="read"
    ).exists()

    client.logout()
    verify = reverse("certificate-verify")
    page = client.get(verify, {"number": attendance.certificate_number.lower()}).content.decode()
    assert "This certificate is genuine." in page and "Awa Ndiaye" in page
    response = client.get(verify, {"number": "JK-AAAAA-BBBBB"})
    assert response.status_code == 404 and "No certificate has this number" in (
        response.content.decode()
    )


def test_a_name_in_arabic_script_prints_on_a_certificate(users: dict[str, Any]) -> None:
    from jokko.trainings.certificates import certificate_pdf

    event = make_training()
    actions.add_participants(users["programme"], event, [row("محمد ولد أحمد")])
    pdf = certificate_pdf(event.attendances.get(), "https://jokko.example/verify")
    assert pdf.startswith(b"%PDF")
    fonts = re.findall(rb"/BaseFont\s*/\S+", pdf_objects(pdf))
    assert any(b"Naskh" in font for font in fonts), fonts  # the vendored Arabic font is embedded


def test_participant_pages_show_all_trainings_of_one_person(
    client: Any, users: dict[str, Any]
) -> None:
    programme = users["programme"]
    actions.add_participants(programme, make_training(), [row("Awa Ndiaye")])
    actions.add_participants(
        programme,
        make_training(title="Cadre juridique", topic="legal_framework"),
        [row("NDIAYE Awa")],
    )
    login(client, programme)
    listing = client.get(reverse("participant-list"), {"q": "awa ndiaye"}).content.decode()
    assert listing.count('class="participant"') == 1
    participant = Participant.objects.get()
    page = client.get(reverse("participant-detail", args=[participant.pk])).content.decode()
    assert "Cadre juridique" in page and "Identification des victimes" in page


def test_cascade_page_shows_the_tree_and_its_reach_also_right_to_left(
    client: Any, users: dict[str, Any]
) -> None:
    programme = users["programme"]
    tot = make_training(title="Formateurs relais", topic="training_of_trainers", tot=True)
    actions.add_participants(programme, tot, [row("Awa Ndiaye"), row("Moussa Sarr")])
    session = make_training(
        title="Restitution Kidira",
        place_code="SN-TC-KIDIRA",
        start_on=datetime.date(2026, 4, 6),
        end_on=datetime.date(2026, 4, 7),
    )
    colleagues = [row(f"Agent {i}", agency="Poste de Kidira") for i in range(4)]
    actions.add_participants(programme, session, [row("Awa Ndiaye", role="trainer"), *colleagues])
    login(client, programme)
    response = client.get(reverse("training-cascade", args=[tot.pk]))
    page = response.content.decode()
    assert "Total reach: 4 distinct people trained downstream" in page
    assert "2 relay trainers trained, 1 of whom delivered sessions." in page
    assert session.reference in page and 'class="level-1"' in page
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("training-cascade", args=[tot.pk])).content.decode()
    # the tree's styles are a static file (the CSP refuses inline <style>), in logical
    # properties, so the same rules indent it from the right in Arabic
    assert 'dir="rtl"' in page and "trainings/cascade.css" in page
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("trainings/cascade.css"))).read_text()
    assert "padding-inline-start" in css and "left" not in css


def test_reading_a_participant_is_audited_and_refusals_too(
    client: Any, users: dict[str, Any]
) -> None:
    event = make_training()
    actions.add_participants(users["programme"], event, [row("Awa Ndiaye")])
    participant = Participant.objects.get()
    url = reverse("participant-detail", args=[participant.pk])
    login(client, users["analyst"])
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(
        actor_username="analyst", action="denied", object_type="participant"
    ).exists()
    login(client, users["coordinator"])
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(
        actor_username="coordinator", action="read", object_type="participant"
    ).exists()


def test_no_certificate_for_a_trainee_who_did_not_complete(
    client: Any, users: dict[str, Any]
) -> None:
    event = make_training()
    actions.add_participants(users["programme"], event, [row("Awa Ndiaye", completed=False)])
    login(client, users["programme"])
    attendance = event.attendances.get()
    assert client.get(reverse("training-certificate", args=[attendance.pk])).status_code == 404


def test_certificates_never_fetch_anything_but_the_vendored_fonts() -> None:
    from jokko.trainings.certificates import FONTS_DIR, LocalFontsOnly

    fetcher = LocalFontsOnly()
    for url in ("http://example.org/logo.png", "file:///etc/passwd", f"file://{FONTS_DIR}/../x"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    font = fetcher.fetch((FONTS_DIR / "noto-sans-latin-400-normal.woff").as_uri())
    assert font is not None
    font.close()


def test_the_topic_catalogue_is_loaded_and_can_be_refreshed(db: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    from jokko.trainings.catalogue import catalogue
    from jokko.trainings.models import TrainingTopic

    assert TrainingTopic.objects.count() == len(catalogue()) >= 10
    topic = TrainingTopic.objects.get(code="victim_identification")
    assert (topic.name_fr, topic.name_ar) == ("Identification des victimes", "تحديد هوية الضحايا")
    TrainingTopic.objects.filter(code="victim_identification").update(name_en="typo")
    out = StringIO()
    call_command("load_training_topics", stdout=out)
    assert "0 topic(s) created" in out.getvalue()
    assert TrainingTopic.objects.get(code="victim_identification").name_en == (
        "Identification of victims"
    )
