# ruff: noqa: RUF001  (look-alike digits and letters are the hostile input under test)
"""Hypothesis properties for the parsers and normalisers that had none.

The property is always the same: for any input, the function either returns a correct result
or raises the module's own error with a message; it never crashes with something else (which
a view would turn into a 500) and never returns something it would not accept itself.
"""

from __future__ import annotations

import datetime
import string
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jokko.analytics.filters import FilterError, Filters
from jokko.community.rapidpro import PayloadError, parse_payload
from jokko.crosslink.secret import parse_secret
from jokko.federation.envelope import KeyFormatError, parse_public_key, parse_time
from jokko.gazetteer import places
from jokko.incidents.actions import normalise_plate
from jokko.names import exact_key, name_keys, normalise
from jokko.names.script import transliterate_arabic
from jokko.people.actions import normalise_document_number, normalise_phone
from jokko.programmes.period import PeriodError, parse_period
from jokko.spreadsheets.fields import CellError, fold, parse_date, parse_int, split_values
from jokko.trainings import sheets

# Text a hostile user can type: every script, bidi overrides, zero-width and combining marks,
# control characters and Arabic-Indic digits are all in `st.characters(codec="utf-8")`; the
# sampled pieces make the rare-but-nasty ones frequent.
NASTY = st.sampled_from(
    [
        "\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301", "\u0651",
        "\x00", "\r\n", "٣", "۷", "²", "𝟗", "Ⅻ", "ﬁ", "İ", "ß", "%", "_", "'", '"', ";",
        "--", "\\", "<script>", "../", "9" * 30,
    ]
)
HOSTILE = st.lists(st.one_of(st.text(st.characters(codec="utf-8"), max_size=12), NASTY)).map(
    "".join
)
ASCII_DIGITS = set(string.digits)


@given(HOSTILE)
def test_phone_normalisation_is_idempotent_and_ascii(raw: str) -> None:
    phone = normalise_phone(raw)
    assert normalise_phone(phone) == phone
    assert set(phone.lstrip("+")) <= ASCII_DIGITS


def test_phone_digits_in_arabic_script_are_the_same_phone() -> None:
    # A phone typed on an Arabic keyboard (Arabic-Indic or Persian digits) is the same phone.
    assert normalise_phone("+٢٢١ ٧٧ ١٢٣ ٤٥ ٦٧") == "+221771234567"
    assert normalise_phone("۷۷۱۲۳۴۵۶۷") == "771234567"


@given(HOSTILE)
def test_document_numbers_and_plates_are_idempotent_and_ascii(raw: str) -> None:
    for normaliser in (normalise_document_number, normalise_plate):
        value = normaliser(raw)
        assert normaliser(value) == value
        assert value.isascii() and value == value.upper()
        assert value.isalnum() or value == ""


@given(st.text(string.ascii_letters + string.digits + " -./", max_size=20))
def test_plates_ignore_case_and_separators(raw: str) -> None:
    assert normalise_plate(raw.lower()) == normalise_plate(raw.upper().replace("-", " "))


@given(HOSTILE)
def test_names_survive_any_unicode(raw: str) -> None:
    normalised = normalise(raw)
    assert normalise(normalised) == normalised
    # Invisible and direction-changing characters never reach a key: two spellings that look
    # the same must hash the same.
    for char in ("\u202e", "\u200b", "\ufeff", "\u2066", "\x00"):
        assert char not in normalised
    assert exact_key(raw) == exact_key(raw.replace("\u200b", "").replace("\u202e", ""))
    name_keys(raw)
    transliterate_arabic(raw)


@given(st.lists(st.sampled_from(["Awa", "Ndiaye", "محمد", "Ould", "Keïta", "Bâ"]), min_size=2))
def test_exact_key_is_order_insensitive(words: list[str]) -> None:
    assert exact_key(" ".join(words)) == exact_key(" ".join(reversed(words)))


@given(HOSTILE)
def test_place_search_and_folding_accept_any_text(raw: str) -> None:
    folded = places.normalize(raw)
    assert places.normalize(folded) == folded
    assert len(places.search(raw, limit=5)) <= 5
    assert fold(fold(raw)) == fold(raw)


@example("9" * 5000)
@example("²")
@example("٣٠")
@given(HOSTILE)
def test_spreadsheet_cells_parse_or_say_why(raw: str) -> None:
    try:
        day = parse_date(raw)
        assert isinstance(day, datetime.date)
    except CellError as exc:
        assert str(exc)
    try:
        number = parse_int(raw)
        assert number >= 0
    except CellError as exc:
        assert str(exc)
    assert all(part and part == part.strip() for part in split_values(raw))


@given(st.integers(min_value=0, max_value=10**6))
def test_spreadsheet_integers_round_trip(number: int) -> None:
    assert parse_int(f" {number} ") == number
    assert parse_int(f"{number}.0") == number


@given(HOSTILE)
def test_attendance_dates_parse_or_say_why(raw: str) -> None:
    try:
        assert isinstance(sheets.parse_date(raw), datetime.date)
    except ValueError as exc:
        assert str(exc)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_attendance_dates_round_trip(day: datetime.date) -> None:
    assert sheets.parse_date(day.isoformat()) == day
    assert sheets.parse_date(day.strftime("%d/%m/%Y")) == day


@given(HOSTILE)
def test_programme_periods_parse_or_say_why(raw: str) -> None:
    try:
        period = parse_period(raw)
    except PeriodError as exc:
        assert str(exc)
        return
    if period is not None:
        assert period.start <= period.end


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12))
def test_programme_months_cover_the_whole_month(year: int, month: int) -> None:
    period = parse_period(f"{year:04d}-{month:02d}")
    assert period is not None
    assert period.start == datetime.date(year, month, 1)
    assert (period.end + datetime.timedelta(days=1)).day == 1 or period.end.year == 9999


@given(
    st.dictionaries(
        st.sampled_from(
            ["start", "end", "region", "exploitation_type", "organisation", "organisation_id"]
        ),
        HOSTILE,
    )
)
@example({"organisation": "²"})
@example({"organisation_id": "9" * 5000})
@example({"start": "2026-02-30"})
@example({"region": "\x00"})
def test_analytics_filters_parse_or_say_why(query: dict[str, str]) -> None:
    try:
        filters = Filters.from_query(query)
    except FilterError as exc:
        assert str(exc)
        return
    assert Filters.from_query(filters.as_query()) == filters
    if filters.start and filters.end:
        assert filters.start <= filters.end


@given(HOSTILE)
def test_federation_keys_and_times_parse_or_say_why(raw: str) -> None:
    try:
        parse_public_key(raw)
    except KeyFormatError as exc:
        assert str(exc)
    try:
        moment = parse_time(raw)
        assert moment.tzinfo is not None
    except ValueError as exc:
        assert str(exc)


@given(st.binary(max_size=200))
def test_linkage_secrets_parse_or_say_why(raw: bytes) -> None:
    try:
        assert len(parse_secret(raw)) >= 16
    except ValueError as exc:
        assert str(exc)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(HOSTILE, children, max_size=3),
    max_leaves=8,
)
RAPIDPRO_RESULTS = st.dictionaries(
    st.sampled_from(["description", "signalement", "place", "urgency", "persons", "children"]),
    st.one_of(JSON_VALUES, st.fixed_dictionaries({"value": JSON_VALUES, "category": HOSTILE})),
)


@settings(max_examples=150)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.builds(
            lambda contact, flow, results, text: (
                __import__("json").dumps(
                    {"contact": contact, "flow": flow, "results": results, "input": text}
                ).encode()
            ),
            st.one_of(JSON_VALUES, st.fixed_dictionaries({"urn": HOSTILE})),
            st.one_of(JSON_VALUES, st.fixed_dictionaries({"uuid": HOSTILE})),
            st.one_of(JSON_VALUES, RAPIDPRO_RESULTS),
            st.one_of(JSON_VALUES, st.fixed_dictionaries({"text": HOSTILE})),
        ),
    )
)
def test_rapidpro_payloads_parse_or_say_why(body: bytes) -> None:
    try:
        report = parse_payload(body)
    except PayloadError as exc:
        assert str(exc)
        return
    assert report.description.strip()


def test_nfc_and_nfd_spellings_are_one_name() -> None:
    name = "Aïssatou Ndèye"
    assert exact_key(unicodedata.normalize("NFD", name)) == exact_key(name)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["x.json", "x.xml", "x", "X.JSON", "../x.xml", "x.xlsx"]),
    st.one_of(
        st.binary(max_size=300),
        JSON_VALUES.map(lambda value: __import__("json").dumps(value).encode()),
        HOSTILE.map(lambda text: f"<data id='jokko_identification'>{text}</data>".encode()),
    ),
)
def test_odk_and_htcds_files_parse_or_say_why(filename: str, data: bytes) -> None:
    from jokko.htcds.importer import HtcdsFileError
    from jokko.htcds.importer import parse_file as parse_htcds
    from jokko.odk.batch import parse_file as parse_odk
    from jokko.odk.parsing import SubmissionError

    try:
        assert isinstance(parse_odk(filename, data), list)
    except SubmissionError as exc:
        assert str(exc)
    try:
        assert isinstance(parse_htcds(data, filename), list)
    except HtcdsFileError as exc:
        assert str(exc)


@given(
    st.dictionaries(
        st.sampled_from(
            ["id", "given_name", "family_name", "other_names", "sex", "birth_date",
             "nationality", "birth_place"]
        ),
        HOSTILE,
    )
)  # fmt: skip
def test_linkage_rows_parse_or_say_why(row: dict[str, str]) -> None:
    from jokko.linkage.records import parse_person_row

    parsed = parse_person_row(row)
    if isinstance(parsed, str):
        assert parsed
    else:
        assert parsed.id and parsed.sex in {"M", "F", ""}
        assert not parsed.birth_date or 1880 <= int(parsed.birth_date[:4]) <= 9999
