"""Integrity and behaviour tests for the shipped gazetteer (no Django needed)."""

from __future__ import annotations

import re

import pytest

from jokko import gazetteer
from jokko.gazetteer import COUNTRIES, KINDS, Place, UnknownPlace

# Rough (lat_min, lat_max, lon_min, lon_max) boxes; generous by ~0.3 degrees.
BBOXES: dict[str, tuple[float, float, float, float]] = {
    "SN": (12.0, 16.9, -17.8, -11.2),
    "MR": (14.6, 27.4, -17.2, -4.7),
    "ML": (10.0, 25.1, -12.4, 4.4),
    "NE": (11.5, 23.6, 0.1, 16.1),
    "BF": (9.3, 15.2, -5.6, 2.5),
    "GN": (7.1, 12.8, -15.2, -7.6),
    "GM": (13.0, 13.9, -16.9, -13.7),
    "GW": (10.8, 12.8, -16.8, -13.6),
    "CI": (4.3, 10.8, -8.6, -2.4),
    "NG": (4.2, 13.9, 2.6, 14.7),
    "GH": (4.7, 11.2, -3.3, 1.3),
    "BJ": (6.2, 12.5, 0.7, 3.9),
    "TG": (6.0, 11.2, -0.2, 1.9),
    "ES": (27.5, 43.9, -18.3, 4.4),
    "IT": (35.4, 47.1, 6.6, 18.6),
    "FR": (41.3, 51.1, -5.2, 9.6),
    "MA": (27.6, 36.0, -13.2, -1.0),
    "EH": (20.7, 27.7, -17.2, -8.6),
    "LY": (19.5, 33.2, 9.3, 25.2),
    "DZ": (18.9, 37.1, -8.7, 12.0),
}

CODE_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]+(?:[-_][A-Z0-9]+)*$")


def places() -> tuple[Place, ...]:
    return gazetteer.all_places()


def test_enough_places() -> None:
    assert len(places()) >= 250


def test_codes_unique_and_ascii() -> None:
    codes = [p.code for p in places()]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert CODE_RE.match(code), code


def test_fields_well_formed() -> None:
    known_tags = set(gazetteer.tag_descriptions())
    for place in places():
        assert place.kind in KINDS, place
        assert place.name.strip() == place.name and place.name, place
        assert place.country in COUNTRIES, place
        assert place.code.startswith(place.country + "-"), place
        assert set(place.tags) <= known_tags, place
        if place.kind == "region":
            assert place.region == "", place
        else:
            assert place.code.startswith(place.region + "-"), place


def test_every_town_region_exists_in_same_country() -> None:
    by_code = {p.code: p for p in places()}
    for place in places():
        if place.kind == "region":
            continue
        parent = by_code.get(place.region)
        assert parent is not None, f"{place.code}: missing region {place.region}"
        assert parent.kind == "region", place.code
        assert parent.country == place.country, place.code


def test_every_country_has_bbox_and_coordinates_inside() -> None:
    assert {p.country for p in places()} <= set(BBOXES)
    for place in places():
        lat_min, lat_max, lon_min, lon_max = BBOXES[place.country]
        assert lat_min <= place.lat <= lat_max, f"{place.code} lat {place.lat}"
        assert lon_min <= place.lon <= lon_max, f"{place.code} lon {place.lon}"


@pytest.mark.parametrize(
    ("country", "expected"),
    [("SN", 14), ("MR", 15), ("ML", 11), ("NE", 8), ("BF", 13), ("GN", 8), ("GM", 6), ("GW", 9)],
)
def test_all_first_level_regions(country: str, expected: int) -> None:
    assert len(gazetteer.places_in(country, "region")) == expected


def test_iso_region_codes() -> None:
    assert gazetteer.get("SN-KE").name == "Kédougou"
    assert gazetteer.get("SN-KD").name == "Kolda"
    assert gazetteer.get("ML-BKO").name == "Bamako"
    assert gazetteer.get("ML-10").name == "Taoudénit"
    assert gazetteer.get("NG-FC").country == "NG"
    for code in ("MR-13", "MR-14", "MR-15"):
        assert gazetteer.get(code).name.startswith("Nouakchott")


def _one(name: str, country: str) -> Place:
    found = [p for p in gazetteer.search(name, country=country, limit=50) if p.kind != "region"]
    exact = [p for p in found if gazetteer.normalize(p.name) == gazetteer.normalize(name)]
    assert exact, f"{name} ({country}) not found; got {[p.code for p in found]}"
    return exact[0]


HOTSPOTS: list[tuple[str, str, set[str]]] = [
    ("Kédougou", "SN", {"gold_mining"}),
    ("Saraya", "SN", {"gold_mining"}),
    ("Sabodala", "SN", {"gold_mining"}),
    ("Bantaco", "SN", {"gold_mining"}),
    ("Kéniéba", "ML", {"gold_mining"}),
    ("Sadiola", "ML", {"gold_mining"}),
    ("Siguiri", "GN", {"gold_mining"}),
    ("Tambacounda", "SN", {"transit_hub"}),
    ("Saint-Louis", "SN", {"boat_departure"}),
    ("Mbour", "SN", {"boat_departure"}),
    ("Joal-Fadiouth", "SN", {"boat_departure"}),
    ("Cayar", "SN", {"boat_departure"}),
    ("Ziguinchor", "SN", {"boat_departure"}),
    ("Thiès", "SN", set()),
    ("Rosso-Sénégal", "SN", {"border_crossing"}),
    ("Rosso", "MR", {"border_crossing"}),
    ("Nouadhibou", "MR", {"boat_departure"}),
    ("Nouakchott", "MR", {"capital"}),
    ("Zouérat", "MR", set()),
    ("Kaédi", "MR", set()),
    ("Sélibaby", "MR", set()),
    ("Néma", "MR", set()),
    ("Bassikounou", "MR", set()),
    ("Bamako", "ML", {"capital"}),
    ("Kayes", "ML", set()),
    ("Gao", "ML", {"transit_hub"}),
    ("Tombouctou", "ML", set()),
    ("Mopti", "ML", set()),
    ("Agadez", "NE", {"transit_hub"}),
    ("Arlit", "NE", set()),
    ("Niamey", "NE", {"capital"}),
    ("Zinder", "NE", set()),
    ("Dirkou", "NE", {"transit_hub"}),
    ("Séguédine", "NE", set()),
    ("Madama", "NE", set()),
    ("Ouagadougou", "BF", {"capital"}),
    ("Dori", "BF", {"liptako_gourma"}),
    ("Djibo", "BF", {"liptako_gourma"}),
    ("Conakry", "GN", set()),
    ("Kankan", "GN", set()),
    ("Banjul", "GM", {"boat_departure"}),
    ("Bissau", "GW", set()),
    ("Lagos", "NG", set()),
    ("Benin City", "NG", set()),
    ("Kano", "NG", set()),
    ("Abidjan", "CI", set()),
    ("Las Palmas de Gran Canaria", "ES", {"boat_arrival", "destination"}),
    ("Santa Cruz de Tenerife", "ES", {"boat_arrival"}),
    ("La Restinga", "ES", {"boat_arrival"}),
    ("Sabha", "LY", {"transit_hub"}),
    ("Tripoli", "LY", set()),
    ("Al Qatrun", "LY", set()),
    ("Tamanrasset", "DZ", set()),
    ("In Guezzam", "DZ", {"border_crossing"}),
    ("Alger", "DZ", set()),
    ("Dakhla", "EH", {"boat_departure"}),
    ("Laâyoune", "EH", {"boat_departure"}),
    ("Tanger", "MA", set()),
    ("Lampedusa", "IT", {"boat_arrival"}),
    ("Paris", "FR", {"destination"}),
]


@pytest.mark.parametrize(("name", "country", "tags"), HOTSPOTS)
def test_hotspots_exist_with_tags(name: str, country: str, tags: set[str]) -> None:
    place = _one(name, country)
    assert tags <= set(place.tags), f"{place.code} tags {place.tags}, expected {tags}"


def test_search_accent_and_case_insensitive() -> None:
    results = gazetteer.search("kedougou")
    assert results and results[0].name == "Kédougou" and results[0].kind == "town"
    assert gazetteer.search("KÉDOUGOU")[0].code == results[0].code
    assert any(p.name == "Fada N'Gourma" for p in gazetteer.search("fada ngourma"))


def test_search_arabic_alias_country_and_limit() -> None:
    assert gazetteer.search("نواذيبو")[0].code == "MR-08-NOUADHIBOU"
    assert gazetteer.search("Timbuktu")[0].name == "Tombouctou"
    assert gazetteer.search("Kayar")[0].name == "Cayar"
    assert all(p.country == "SN" for p in gazetteer.search("a", country="sn", limit=100))
    assert len(gazetteer.search("a", limit=5)) == 5
    assert gazetteer.search("") == []
    assert gazetteer.search("   ") == []


def test_get_unknown_raises_clear_error() -> None:
    with pytest.raises(UnknownPlace) as info:
        gazetteer.get("nope")
    assert "nope" in str(info.value)
    assert "unknown place" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_distance_dakar_nouakchott() -> None:
    dakar = gazetteer.get("SN-DK-DAKAR")
    nouakchott = gazetteer.get("MR-13-NOUAKCHOTT")
    assert abs(gazetteer.distance_km(dakar, nouakchott) - 410) <= 41
    assert gazetteer.distance_km(dakar, dakar) == 0
    assert gazetteer.distance_km(dakar, nouakchott) == pytest.approx(
        gazetteer.distance_km(nouakchott, dakar)
    )


def test_places_in_filters() -> None:
    senegal = gazetteer.places_in("SN")
    assert senegal and all(p.country == "SN" for p in senegal)
    towns = gazetteer.places_in("sn", "town")
    assert towns and all(p.kind == "town" for p in towns)
    assert gazetteer.places_in("XX") == ()


def test_country_names() -> None:
    assert gazetteer.country_name("SN", "fr") == "Sénégal"
    assert gazetteer.country_name("sn", "ar") == "السنغال"
    assert gazetteer.country_name("SN", "fr-SN") == "Sénégal"
    assert gazetteer.country_name("SN", "wo") == "Senegal"
    assert gazetteer.country_name("XX", "fr") == "XX"
    for names in COUNTRIES.values():
        assert set(names) == {"en", "fr", "ar"}
        assert all(names.values())


def test_all_places_cached() -> None:
    assert gazetteer.all_places() is gazetteer.all_places()
