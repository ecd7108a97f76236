"""Property tests: whatever another system sends, the mapper and the importer do not crash.

Records are drawn from the standard itself: any subset of its fields, each with a valid value of
its type (a published picklist value, a date, a number...) or, sometimes, a wrong one (text in a
date, a number in a picklist, an unknown key). Valid records import; invalid ones are reported;
no exception escapes.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jokko.cases.models import Case
from jokko.htcds.importer import import_records
from jokko.htcds.mapping import map_record
from jokko.htcds.models import ImportedRecord
from jokko.htcds.schema import REPEATED_TABLES, SINGLE_PREFIXES, record_errors, standard_fields

TEXT = st.text(max_size=30)
JUNK = st.one_of(TEXT, st.integers(), st.none(), st.booleans(), st.lists(TEXT, max_size=2))


def _valid(field: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = field["type"].lower()
    values = [v["name"] for v in field["values"]]
    if kind == "checkbox":
        return st.booleans()
    if kind in ("number", "geolocation"):
        return st.one_of(st.integers(-1000, 1000), st.floats(-90, 90, allow_nan=False))
    if kind == "date":
        return st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)).map(
            datetime.date.isoformat
        )
    if kind.startswith("multiselect"):
        items = st.sampled_from(values) if values else st.sampled_from(["SN", "ML", "XX", ""])
        return st.lists(items, max_size=3, unique=True)
    if values:
        return st.sampled_from(values)
    return TEXT


def _value(field: dict[str, Any]) -> st.SearchStrategy[Any]:
    return _valid(field)


def _fields(prefixes: tuple[str, ...]) -> list[dict[str, Any]]:
    return [f for f in standard_fields() if f["prefix"] in prefixes]


def _table(prefix: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={f["name"]: _value(f) for f in _fields((prefix,))})


EXTRAS = {
    "x_SourceId": st.text(min_size=1, max_size=20),
    "x_IdentificationPlace": st.sampled_from(["SN-KE-KEDOUGOU", "SN-TC-KIDIRA", "XX-NOWHERE"]),
    "x_IdentificationDate": st.sampled_from(["2024-02-29", "2025-13-01", "yesterday"]),
    "x_BirthYear": st.one_of(st.integers(1890, 2110), TEXT),
    "x_CaseType": st.sampled_from(["tip", "som", "tip_som", "other"]),
    "legacy_field": TEXT,
    "HistoricTraffickingEvents": st.lists(_table("hte_"), max_size=3),
    "SupportPlans": st.lists(_table("spl_"), max_size=2),
    **{key: st.lists(_table(prefix), max_size=2) for prefix, key in REPEATED_TABLES.items()},
}
VALID_ISH = st.fixed_dictionaries(
    {},
    optional={**{f["name"]: _value(f) for f in _fields(SINGLE_PREFIXES)}, **EXTRAS},
)
FIELD_NAMES = sorted(f["name"] for f in standard_fields())


@st.composite
def _corrupted(draw: st.DrawFn) -> dict[str, Any]:
    """A record with one field holding a value of the wrong type."""
    record = dict(draw(VALID_ISH))
    record[draw(st.sampled_from(FIELD_NAMES))] = draw(JUNK)
    return record


RECORDS = st.one_of(VALID_ISH, VALID_ISH, _corrupted())


@settings(max_examples=300, deadline=None)
@given(RECORDS)
def test_mapper_never_raises_on_schema_valid_records(record: dict[str, Any]) -> None:
    if record_errors(record):
        return
    mapped = map_record(record)
    # Everything the record says is either mapped or reported; nothing vanishes silently.
    assert set(mapped.unmapped) <= set(record)
    assert set(mapped.preserved) == set(mapped.unmapped)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(RECORDS, min_size=1, max_size=3))
def test_importer_imports_or_reports(users: dict[str, Any], records: list[dict[str, Any]]) -> None:
    cases = Case.objects.count()
    report = import_records(users["coordinator"], records, source_system="fuzz")
    if report.ok:
        created = report.created
        assert Case.objects.count() == cases + created
        assert ImportedRecord.objects.filter(source_system="fuzz").count() >= created
    else:
        assert report.errors and all(isinstance(e, str) and e for e in report.errors)
        assert Case.objects.count() == cases
