# ruff: noqa: RUF001  (Arabic-Indic digits are the input under test)
"""Hypothesis properties for the validating writers: a clear error and nothing written, or a
correct record. Registration of a survivor (names, partial and approximate birth dates, phones,
documents, identification date), a community report, and the facts of a bulletin of any kind.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jokko.bulletins.details import clean_details
from jokko.bulletins.models import BulletinKind
from jokko.cases.actions import CaseInput, register_survivor
from jokko.cases.models import Case
from jokko.community.actions import ReportInput, clean_report_input
from jokko.people.actions import PersonInput
from jokko.people.models import Person
from tests.conftest import _first_code, _town

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "\u202e", "\x00", "<script>x</script>", "٠٧٧١٢٣٤٥٦٧", "x" * 300]),
)
DATES = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 12, 31))
DJANGO = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@DJANGO
@given(
    names=st.lists(TEXT, max_size=3),
    birth_date=st.none() | DATES,
    birth_year=st.none() | st.integers(min_value=-10, max_value=3000),
    precision=st.sampled_from(["exact", "year", "estimated", "unknown", "", "month", "\x00"]),
    phones=st.lists(TEXT, max_size=2),
    documents=st.lists(st.tuples(st.sampled_from(["passport", "", "x"]), TEXT), max_size=2),
    identified_on=DATES,
)
@example(
    names=["Awa Sow"],
    birth_date=None,
    birth_year=2008,
    precision="year",
    phones=["+٢٢١ ٧٧ ٠٠٠ ٠٠ ٠٠"],
    documents=[],
    identified_on=TODAY,
)
def test_registration_is_all_or_nothing(
    users: dict[str, Any],
    names: list[str],
    birth_date: datetime.date | None,
    birth_year: int | None,
    precision: str,
    phones: list[str],
    documents: list[tuple[str, str]],
    identified_on: datetime.date,
) -> None:
    persons, cases = Person.objects.count(), Case.objects.count()
    person = PersonInput(
        names=names,
        sex=_first_code("sex"),
        birth_date=birth_date,
        birth_year=birth_year,
        birth_precision=precision,
        phones=phones,
        documents=documents,
    )
    case = CaseInput(
        case_type="tip",
        identification_source=_first_code("identification_source"),
        identified_on=identified_on,
        place_code=_town("SN"),
    )
    try:
        created, _ = register_survivor(users["worker"], person, case)
    except ValidationError as exc:
        assert exc.messages and all(exc.messages)
        assert (Person.objects.count(), Case.objects.count()) == (persons, cases)
        return
    assert (Person.objects.count(), Case.objects.count()) == (persons + 1, cases + 1)
    # What was accepted is plausible: nothing in the future, nobody over 120.
    assert created.identified_on <= TODAY
    if birth_date is not None and precision == "exact":
        assert birth_date <= TODAY
    if birth_year is not None:
        assert TODAY.year - 120 <= birth_year <= TODAY.year
    for phone in created.person.phones.all():
        assert phone.number.lstrip("+").isdigit() and phone.number.isascii()


def test_a_future_identification_or_birth_is_refused(users: dict[str, Any]) -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    for person, identified_on in [
        (PersonInput(names=["Awa Sow"], birth_date=tomorrow, birth_precision="exact"), TODAY),
        (PersonInput(names=["Awa Sow"], birth_year=TODAY.year + 1), TODAY),
        (PersonInput(names=["Awa Sow"]), tomorrow),
    ]:
        case = CaseInput(
            case_type="tip",
            identification_source=_first_code("identification_source"),
            identified_on=identified_on,
            place_code=_town("SN"),
        )
        with pytest.raises(ValidationError):
            register_survivor(users["worker"], person, case)
    assert not Person.objects.exists() and not Case.objects.exists()


@settings(max_examples=150, deadline=None)
@given(
    description=TEXT,
    place_text=TEXT,
    contact=TEXT,
    persons=st.none() | st.integers(min_value=-(10**12), max_value=10**12),
    urgency=st.sampled_from(["normal", "urgent", "immediate", "", "\x00", "x"]),
    offence=st.sampled_from(["unknown", "tip", "som", "", "<b>"]),
)
def test_community_reports_are_cleaned_or_refused(
    description: str, place_text: str, contact: str, persons: int | None, urgency: str, offence: str
) -> None:
    data = ReportInput(
        description=description,
        place_text=place_text,
        contact=contact,
        persons_count=persons,
        urgency=urgency,
        suspected_offence=offence,
    )
    try:
        cleaned = clean_report_input(data)
    except ValidationError as exc:
        assert exc.messages and all(exc.messages)
        return
    assert cleaned.description.strip()
    for text in (cleaned.description, cleaned.place_text, cleaned.contact):
        assert "<" not in text or ">" not in text.split("<", 1)[1]
        assert "\x00" not in text and "\u202e" not in text
    assert cleaned.persons_count is None or 0 <= cleaned.persons_count


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT | DATES.map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(BulletinKind.values),
    raw=st.one_of(
        JSON_VALUES,
        st.dictionaries(
            st.sampled_from(
                ["plate", "make", "phone", "names", "place", "route", "count", "departure_on",
                 "date", "description", "nationality", "places"]
            ),
            JSON_VALUES,
        ),
    ),
)  # fmt: skip
def test_bulletin_details_are_cleaned_or_refused(kind: str, raw: Any) -> None:
    try:
        cleaned = clean_details(kind, raw, today=TODAY)
    except ValidationError as exc:
        assert exc.messages and all(exc.messages)
        return
    assert isinstance(cleaned, dict)
    assert clean_details(kind, cleaned, today=TODAY) == cleaned
