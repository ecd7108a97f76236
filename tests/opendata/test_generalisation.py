"""Each variable's generalisation, with the expected value written next to each input."""

from __future__ import annotations

import datetime

import pytest

from jokko import opendata
from tests.opendata.conftest import row, source


def generalised(variable: str, rows: list[dict]) -> list[str]:
    con = source(rows)
    expression = opendata.catalogue()[variable].expression()
    query = f"SELECT {expression} FROM source"  # noqa: S608 (catalogue SQL)
    return [value for (value,) in con.execute(query).fetchall()]


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-8"),
        (8, "0-8"),
        (9, "9-17"),
        (17, "9-17"),
        (18, "18-20"),
        (20, "18-20"),
        (21, "21-23"),
        (29, "27-29"),
        (30, "30-38"),
        (47, "39-47"),
        (48, "48+"),
        (91, "48+"),
        (None, "unknown"),
        (-3, "unknown"),
    ],
)
def test_age_becomes_a_ctdc_band(age: int | None, band: str) -> None:
    assert generalised("age_band", [row(age=age)]) == [band]


def test_date_becomes_year_and_place_becomes_country() -> None:
    rows = [
        row(identified_on=datetime.date(2019, 12, 31), identification_place="SN-TC-KIDIRA"),
        row(identified_on=None, identification_place="ml"),
        row(identification_place=""),
    ]
    assert generalised("year", rows) == ["2019", "unknown", "2024"]
    assert generalised("country_of_identification", rows) == ["SN", "ML", "unknown"]


def test_detailed_codes_become_their_top_level_term() -> None:
    rows = [
        row(exploitation_types="forced_begging_talibe"),
        row(exploitation_types="forced_begging_talibe|forced_begging"),  # same top level
        row(exploitation_types="domestic_servitude|sexual_exploitation_online"),
        row(exploitation_types=""),
        row(exploitation_types="not_a_code"),
    ]
    assert generalised("exploitation", rows) == [
        "forced_begging",
        "forced_begging",
        "multiple",
        "unknown",
        "other",
    ]
    relations = [row(recruiter_relation="koranic_teacher"), row(recruiter_relation="spouse")]
    assert generalised("recruiter_relation", relations) == ["acquainted", "familial"]


def test_sex_outside_the_vocabulary_is_other_and_empty_is_unknown() -> None:
    rows = [row(sex="female"), row(sex="Male "), row(sex="x"), row(sex="")]
    assert generalised("sex", rows) == ["female", "male", "other", "unknown"]


def test_spec_rejects_every_problem_at_once() -> None:
    with pytest.raises(opendata.SpecError) as caught:
        opendata.ReleaseSpec.build(["year", "shoe_size", "year"], k=1, epsilon=0)
    codes = {reason.code for reason in caught.value.errors}
    assert codes == {"unknown_variables", "duplicate_variables", "k_too_small", "bad_epsilon"}


def test_aliases_are_accepted() -> None:
    spec = opendata.ReleaseSpec.build(["year", "country", "age"])
    assert spec.variables == ("year", "country_of_identification", "age_band")
