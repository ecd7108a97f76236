"""The synthetic data generator: deterministic, valid codes, realistic shapes, streaming."""

from __future__ import annotations

import datetime
import itertools
import subprocess
import sys
import tracemalloc
from collections import Counter

import pytest

from jokko import gazetteer
from jokko.synth import SUPPORTED_COUNTRIES, generate_cases, generate_persons
from jokko.taxonomy import vocabulary

PREFIXES = {
    "SN": "+221",
    "MR": "+222",
    "ML": "+223",
    "NE": "+227",
    "NG": "+234",
    "GN": "+224",
    "GM": "+220",
    "GW": "+245",
    "BF": "+226",
    "CI": "+225",
}
VOCABULARIES = (
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


def test_same_arguments_same_output_other_seed_other_output() -> None:
    assert list(generate_cases("SN", 200, seed=3)) == list(generate_cases("SN", 200, seed=3))
    assert list(generate_cases("SN", 50, seed=3)) != list(generate_cases("SN", 50, seed=4))
    assert list(generate_persons("ML", 300, seed=1, duplicate_rate=0.2)) == list(
        generate_persons("ML", 300, seed=1, duplicate_rate=0.2)
    )
    assert list(generate_persons("ML", 50, seed=1)) != list(generate_persons("ML", 50, seed=2))


def test_output_does_not_depend_on_the_global_random_state_or_the_process() -> None:
    import random

    random.seed(1)
    first = [p.names for p in generate_persons("MR", 20, seed=9)]
    random.seed(2)
    assert [p.names for p in generate_persons("MR", 20, seed=9)] == first
    code = (
        "from jokko.synth import generate_persons;"
        "print([p.names[0].text for p in generate_persons('MR', 20, seed=9)])"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert other.strip() == str([names[0].text for names in first])


@pytest.mark.parametrize("n", [0, 1, 7, 1000])
def test_counts_and_refs(n: int) -> None:
    persons = list(generate_persons("SN", n, seed=5))
    assert len(persons) == n
    assert [p.ref for p in persons] == [f"SN-5-{i}" for i in range(n)]
    assert len(list(generate_cases("MR", n, seed=5))) == n


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_persons("XX", 10)
    with pytest.raises(ValueError):
        generate_cases("SN", 10, duplicate_rate=1.5)
    with pytest.raises(ValueError):
        generate_cases("SN", -1)


@pytest.mark.parametrize("country", SUPPORTED_COUNTRIES)
def test_every_code_exists_in_gazetteer_and_taxonomy(country: str) -> None:
    codes = {name: {t.code for t in vocabulary(name).terms} for name in VOCABULARIES}
    for case in generate_cases(country, 400, seed=1, duplicate_rate=0.05):
        route = (case.origin_code, *case.transit_codes, case.destination_code)
        for place in (case.place_code, *route):
            gazetteer.get(place)
        assert gazetteer.get(case.place_code).country == country
        assert case.place_code in route  # identified somewhere on the route
        assert len(set(case.transit_codes)) == len(case.transit_codes)
        assert case.origin_code not in case.transit_codes
        assert set(case.exploitation_types) <= codes["exploitation_type"]
        assert set(case.means_of_control) <= codes["means_of_control"]
        assert case.recruiter_relation in codes["recruiter_relation"]
        assert case.identification_source in codes["identification_source"]
        assert set(case.needs) <= codes["need_type"] and case.needs
        assert set(case.services) <= codes["service_type"] and case.services
        assert case.case_type in codes["case_type"] and case.person.sex in codes["sex"]
        assert {d for d, _ in case.person.documents} <= codes["document_type"]
        if case.case_type != "som":
            assert case.exploitation_types
        if case.wants_return:
            assert case.person.nationality != country


@pytest.mark.parametrize("country", ["SN", "MR", "ML"])
def test_phones_ages_and_dates_are_plausible(country: str) -> None:
    start, end = datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)
    for case in generate_cases(country, 1500, seed=2, start=start, end=end):
        person = case.person
        assert start <= case.identified_on <= end
        for phone in person.phones:
            assert phone.startswith(PREFIXES[person.nationality]) and phone[1:].isdigit()
            assert 10 <= len(phone) <= 14
        assert person.birth_year is not None
        if person.birth_date is not None:
            assert person.birth_date < case.identified_on
            assert person.birth_year == person.birth_date.year
        age = case.identified_on.year - person.birth_year
        assert 3 <= age <= 50
        if "forced_begging_talibe" in case.exploitation_types:
            assert age <= 18 and person.sex == "male"


def test_survivors_are_mostly_young() -> None:
    ages = [
        c.identified_on.year - (c.person.birth_year or 0)
        for c in generate_cases("SN", 3000, seed=4)
    ]
    young = sum(1 for a in ages if 8 <= a <= 30)
    assert young / len(ages) > 0.75
    assert sum(1 for a in ages if a < 18) / len(ages) > 0.25


def test_people_look_like_mauritania() -> None:
    cases = list(generate_cases("MR", 2000, seed=1))
    names = [n for c in cases for n in c.person.names]
    latin = [n.text for n in names if n.script == "latin"]
    assert sum(" Ould " in n or " Mint " in n for n in latin) > 300
    arabic = [n.text for n in names if n.script == "arabic"]
    assert (
        len(arabic) > 100
        and any(" ولد " in t for t in arabic)
        and any(" منت " in t for t in arabic)
    )
    assert all(n.kind == "alias" for n in names if n.script == "arabic")
    assert Counter(c.case_type for c in cases)["som"] > 600  # the Atlantic route from Nouadhibou
    nouadhibou = [c for c in cases if c.place_code == "MR-08-NOUADHIBOU"]
    assert len(nouadhibou) > 300
    assert {c.person.nationality for c in nouadhibou} >= {"SN", "ML", "GN", "GM"}
    assert any(c.destination_code.startswith("ES-CN-") for c in nouadhibou)


def test_gold_mines_and_talibe_begging_appear_in_senegal() -> None:
    cases = list(generate_cases("SN", 2000, seed=2))
    exploitation = Counter(code for c in cases for code in c.exploitation_types)
    assert exploitation["forced_begging_talibe"] > 200
    assert exploitation["forced_labour_gold_mining"] > 50
    mines = [c for c in cases if "gold_mining" in gazetteer.get(c.place_code).tags]
    sexual = [c for c in mines if "sexual_exploitation_prostitution" in c.exploitation_types]
    nigerian = [c for c in sexual if c.person.nationality == "NG"]
    assert len(sexual) > 150 and len(nigerian) / len(sexual) > 0.6
    assert all(c.person.sex == "female" for c in sexual)
    assert any(c.origin_code == "NG-ED-BENIN_CITY" for c in nigerian)
    returning = sum(c.wants_return for c in nigerian) / len(nigerian)
    assert 0.35 < returning < 0.7  # 84 of 163 in Kédougou chose assisted return
    talibe = [c for c in cases if "forced_begging_talibe" in c.exploitation_types]
    assert {c.person.nationality for c in talibe} >= {"SN", "GN", "GW"}
    atlantic = [c for c in cases if c.destination_code.startswith("ES-CN-")]
    assert Counter(c.case_type for c in atlantic).most_common(1)[0][0] == "som"
    assert any(c.case_type == "tip_som" for c in atlantic)


def test_mali_has_the_sahel_route_and_mines() -> None:
    cases = list(generate_cases("ML", 1500, seed=3))
    destinations = Counter(gazetteer.get(c.destination_code).country for c in cases)
    assert destinations["DZ"] + destinations["LY"] > 100
    assert any(c.person.nationality == "NG" and c.place_code == "ML-1-KENIEBA" for c in cases)


def test_name_distribution_per_country() -> None:
    def family_names(country: str) -> Counter[str]:
        return Counter(p.names[0].text.split()[-1] for p in generate_persons(country, 2000, seed=1))

    senegal = family_names("SN")
    assert senegal["Ndiaye"] + senegal["Diop"] + senegal["Diallo"] > 100
    mali = family_names("ML")
    assert mali["Traoré"] + mali["Coulibaly"] + mali["Keïta"] + mali["Maïga"] > 100
    persons = list(generate_persons("SN", 3000, seed=1))
    gambian = [p.names[0].text for p in persons if p.nationality == "GM"]
    assert gambian and not any("Diallo" in n or "Ndiaye" in n for n in gambian)
    aliases = [p for p in persons if any(n.kind == "alias" for n in p.names)]
    assert 0.15 < len(aliases) / len(persons) < 0.4
    for person in aliases[:200]:
        assert person.names[0].kind == "primary"
        assert all(n.text != person.names[0].text for n in person.names[1:])


def test_documents_are_rare_and_well_formed() -> None:
    persons = list(generate_persons("SN", 3000, seed=8))
    with_documents = [p for p in persons if p.documents]
    assert 0.2 < len(with_documents) / len(persons) < 0.6
    assert all(number for p in with_documents for _, number in p.documents)


@pytest.mark.parametrize("generate", [generate_persons, generate_cases])
def test_duplicates_point_to_earlier_records_at_the_requested_rate(generate: object) -> None:
    if generate is generate_cases:
        persons = [c.person for c in generate_cases("SN", 5000, seed=1, duplicate_rate=0.1)]
    else:
        persons = list(generate_persons("SN", 5000, seed=1, duplicate_rate=0.1))
    by_ref = {p.ref: (i, p) for i, p in enumerate(persons)}
    duplicates = [(i, p) for i, p in enumerate(persons) if p.duplicate_of]
    assert 400 < len(duplicates) < 600
    changed_name = changed_year = lost_phone = 0
    for index, person in duplicates:
        assert person.duplicate_of is not None
        original_index, original = by_ref[person.duplicate_of]
        assert original_index < index and original.duplicate_of is None
        assert (person.sex, person.nationality) == (original.sex, original.nationality)
        changed_name += person.names[0].text != original.names[0].text
        changed_year += person.birth_year != original.birth_year
        lost_phone += bool(original.phones) and not person.phones
        assert person.birth_year is not None and original.birth_year is not None
        assert abs(person.birth_year - original.birth_year) <= 3
    assert changed_name == len(duplicates)
    assert changed_year > len(duplicates) // 4 and lost_phone > 0
    assert not any(p.duplicate_of for p in generate_persons("SN", 2000, seed=1))


def test_generation_streams_in_bounded_memory() -> None:
    """tracemalloc slows Python ~10x, so 25,000 persons (a list of them would take ~40 MB)."""
    tracemalloc.start()
    try:
        stream = generate_persons("SN", 10**9, seed=1, duplicate_rate=0.05)
        for _ in itertools.islice(stream, 25_000):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_memory_does_not_grow_with_the_number_of_persons() -> None:
    """Once the near-duplicate buffer is full, 10,000 more persons add (almost) nothing.

    Measured as growth over what is held after the first 5,000: the absolute figure also
    counts the generator's lookup caches, which are traced or not depending on whether an
    earlier test already filled them.
    """
    tracemalloc.start()
    try:
        stream = generate_persons("SN", 10**9, seed=2, duplicate_rate=0.05)
        for _ in itertools.islice(stream, 5_000):  # the near-duplicate buffer fills up
            pass
        held_before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for _ in itertools.islice(stream, 10_000):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - held_before < 1024 * 1024
