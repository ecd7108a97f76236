"""The node's cases as the source table of `jokko.opendata` — without any identity.

Only non-identifying fields are read (dates, place codes, nationality, sex, birth date or year
to compute an age, taxonomy codes). No name, document, phone, photo, summary or note is ever
selected, and nothing is decrypted: the encrypted fields are simply not in the query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from jokko.cases.models import Case

SOURCE_FIELDS = (
    "identified_on",
    "place_code",
    "destination_code",
    "person__nationality",
    "person__sex",
    "person__birth_date",
    "person__birth_year",
    "exploitation_types",
    "means_of_control",
    "recruiter_relation",
    "case_type",
)


def age_on(
    day: datetime.date, birth_date: datetime.date | None, birth_year: int | None
) -> int | None:
    """Age in whole years on ``day``; from the year of birth alone when the date is unknown."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - int(before_birthday)
    if birth_year:
        return day.year - birth_year
    return None


def _codes(value: Any) -> str:
    return "|".join(str(code) for code in value) if isinstance(value, list) else ""


def case_source_rows() -> Iterator[dict[str, Any]]:
    """One source row per case of the node (see `jokko.opendata.variables.SOURCE_COLUMNS`)."""
    rows = Case.objects.order_by("pk").values_list(*SOURCE_FIELDS)
    for (
        identified_on,
        place_code,
        destination_code,
        nationality,
        sex,
        birth_date,
        birth_year,
        exploitation_types,
        means_of_control,
        recruiter_relation,
        case_type,
    ) in rows.iterator(chunk_size=2000):
        yield {
            "identified_on": identified_on,
            "identification_place": place_code,
            "exploitation_place": destination_code,
            "citizenship": nationality,
            "sex": sex,
            "age": age_on(identified_on, birth_date, birth_year),
            "exploitation_types": _codes(exploitation_types),
            "means_of_control": _codes(means_of_control),
            "recruiter_relation": recruiter_relation,
            "case_type": case_type,
        }
