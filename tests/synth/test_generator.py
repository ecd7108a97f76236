"""The synthetic data generator: deterministic, valid codes, realistic shapes, streaming."""

from __future__ import annotations

import datetime
import itertools
import tracemalloc
from collections import Counter

import pytest

from jokko import gazetteer
from jokko.synth import generate_cases, generate_persons
from jokko.taxonomy import vocabulary


def test_same_arguments_same_output_other_seed_other_output() -> None:
    assert list(generate_cases("SN", 50, seed=3)) == list(generate_cases("SN", 50, seed=3))
    assert list(generate_cases("SN", 50, seed=3)) != list(generate_cases("SN", 50, seed=4))
    assert list(generate_persons("ML", 50, seed=1)) == list(generate_persons("ML", 50, seed=1))


@pytest.mark.parametrize("country", ["SN", "MR", "ML"])
def test_every_code_exists_in_gazetteer_and_taxonomy(country: str) -> None:
    codes = {
        name: {t.code for t in vocabulary(name).terms}
        for name in (
            "exploitation_type",
            "means_of_control",
            "recruiter_relation",
            "identification_source",
            "sex",
            "service_type",
            "need_type",
            "document_type",
            "case_type",
        )
    }
    for case in generate_cases(country, 400, seed=1):
        for place in (
            case.place_code,
            case.origin_code,
            case.destination_code,
            *case.transit_codes,
        ):
            gazetteer.get(place)
        assert case.place_code.startswith(country)
        assert set(case.exploitation_types) <= codes["exploitation_type"]
        assert set(case.means_of_control) <= codes["means_of_control"]
        assert case.recruiter_relation in codes["recruiter_relation"]
        assert case.identification_source in codes["identification_source"]
        assert set(case.needs) <= codes["need_type"] and set(case.services) <= codes["service_type"]
        assert case.case_type in codes["case_type"] and case.person.sex in codes["sex"]
        assert {d for d, _ in case.person.documents} <= codes["document_type"]


def test_people_look_like_the_region() -> None:
    cases = list(generate_cases("MR", 2000, seed=1))
    names = [n.text for c in cases for n in c.person.names]
    assert any(" Ould " in n or " Mint " in n for n in names)
    assert any(n.script == "arabic" for c in cases for n in c.person.names)
    assert Counter(c.case_type for c in cases)["som"] > 200  # the Atlantic route from Nouadhibou
    prefixes = {"SN": "+221", "MR": "+222", "ML": "+223", "NG": "+234", "GN": "+224", "GM": "+220"}
    for case in cases:
        person = case.person
        for phone in person.phones:
            if person.nationality in prefixes:
                assert phone.startswith(prefixes[person.nationality])
        year = person.birth_date.year if person.birth_date else person.birth_year
        assert year is not None and 4 <= case.identified_on.year - year <= 50
        assert datetime.date(2021, 1, 1) <= case.identified_on <= datetime.date(2026, 9, 30)


def test_gold_mines_and_talibe_begging_appear_in_senegal() -> None:
    exploitation = Counter(
        code for c in generate_cases("SN", 1000, seed=2) for code in c.exploitation_types
    )
    assert exploitation["forced_begging_talibe"] > 50
    assert (
        exploitation["forced_labour_gold_mining"] + exploitation["sexual_exploitation_prostitution"]
        > 100
    )


def test_duplicates_point_to_earlier_records_at_the_requested_rate() -> None:
    persons = list(generate_persons("SN", 5000, seed=1, duplicate_rate=0.1))
    refs = {p.ref: i for i, p in enumerate(persons)}
    duplicates = [p for p in persons if p.duplicate_of]
    assert 350 < len(duplicates) < 650
    for index, person in enumerate(persons):
        if person.duplicate_of:
            assert refs[person.duplicate_of] < index


def test_generation_streams_in_bounded_memory() -> None:
    tracemalloc.start()
    for _ in itertools.islice(generate_persons("SN", 10**9, seed=1), 20_000):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # a list of 20,000 persons would take far more
