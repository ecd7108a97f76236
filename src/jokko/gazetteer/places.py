"""Shipped gazetteer of West African, Sahelian and migration-route places.

Why a shipped file and not a web service: Jokko nodes run in field offices (Kédougou,
Nouadhibou, Agadez...) with intermittent connectivity, so case workers must be able to pick a
place of recruitment, transit or exploitation offline, in French, English or Arabic, and the
resulting codes must be identical on every node so that cross-border case exchange compares
like with like.

The data lives in ``places.json`` next to this module and is read once through
:mod:`importlib.resources` so that it works from a wheel, a zip or a source checkout alike.
Codes follow ISO 3166-2 for regions (see ``code_scheme`` in the JSON file); they are stable
identifiers that other records reference, so a code is never renamed.

This module must not import Django: it is used by importers, the CLI and tests without
settings.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

KINDS: tuple[str, ...] = ("region", "town", "site")
"""Allowed values of :attr:`Place.kind`."""

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual choice for haversine distances."""

COUNTRIES: dict[str, dict[str, str]] = {
    "SN": {"en": "Senegal", "fr": "Sénégal", "ar": "السنغال"},
    "MR": {"en": "Mauritania", "fr": "Mauritanie", "ar": "موريتانيا"},
    "ML": {"en": "Mali", "fr": "Mali", "ar": "مالي"},
    "NE": {"en": "Niger", "fr": "Niger", "ar": "النيجر"},
    "BF": {"en": "Burkina Faso", "fr": "Burkina Faso", "ar": "بوركينا فاسو"},
    "GN": {"en": "Guinea", "fr": "Guinée", "ar": "غينيا"},
    "GM": {"en": "The Gambia", "fr": "Gambie", "ar": "غامبيا"},
    "GW": {"en": "Guinea-Bissau", "fr": "Guinée-Bissau", "ar": "غينيا بيساو"},
    "CI": {"en": "Côte d'Ivoire", "fr": "Côte d'Ivoire", "ar": "كوت ديفوار"},
    "NG": {"en": "Nigeria", "fr": "Nigeria", "ar": "نيجيريا"},
    "GH": {"en": "Ghana", "fr": "Ghana", "ar": "غانا"},
    "BJ": {"en": "Benin", "fr": "Bénin", "ar": "بنين"},
    "TG": {"en": "Togo", "fr": "Togo", "ar": "توغو"},
    "ES": {"en": "Spain", "fr": "Espagne", "ar": "إسبانيا"},
    "IT": {"en": "Italy", "fr": "Italie", "ar": "إيطاليا"},
    "FR": {"en": "France", "fr": "France", "ar": "فرنسا"},
    "MA": {"en": "Morocco", "fr": "Maroc", "ar": "المغرب"},
    "EH": {"en": "Western Sahara", "fr": "Sahara occidental", "ar": "الصحراء الغربية"},
    "LY": {"en": "Libya", "fr": "Libye", "ar": "ليبيا"},
    "DZ": {"en": "Algeria", "fr": "Algérie", "ar": "الجزائر"},
}
"""ISO 3166-1 alpha-2 code -> country name in English, French and Arabic.

Western Sahara uses its own ISO 3166-1 code (EH), as in United Nations practice, rather than
being folded into Morocco: statistics exchanged with UN agencies then need no remapping.
"""


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: an administrative region, a town or a specific site.

    ``region`` is the code of the parent region ("" for regions themselves) so that a case
    recorded at town level can still be counted per region. ``aliases`` holds other common
    spellings (e.g. "Timbuktu", "Kayar") so that a search finds what field staff actually type.
    """

    code: str
    name: str
    name_ar: str
    country: str
    region: str
    kind: str
    lat: float
    lon: float
    tags: tuple[str, ...]
    aliases: tuple[str, ...] = ()


class UnknownPlace(KeyError):
    """Raised by :func:`get` for a code that is not in the gazetteer.

    A :class:`KeyError` subclass so callers treating the gazetteer like a mapping keep working,
    but with a readable message (``KeyError`` would otherwise print only the quoted code).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"unknown place code {self.code!r}: not in the Jokko gazetteer"


def _place_from_json(raw: dict[str, Any]) -> Place:
    return Place(
        code=str(raw["code"]),
        name=str(raw["name"]),
        name_ar=str(raw.get("name_ar", "")),
        country=str(raw["country"]),
        region=str(raw.get("region", "")),
        kind=str(raw["kind"]),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        tags=tuple(str(t) for t in raw.get("tags", ())),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
    )


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    text = (
        resources.files(__package__ or "jokko.gazetteer")
        .joinpath("places.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    """Every place, in file order (regions first). Loaded once and cached: the file is static."""
    return tuple(_place_from_json(raw) for raw in _document()["places"])


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Place]:
    return {place.code: place for place in all_places()}


def tag_descriptions() -> dict[str, str]:
    """Meaning of each tag used in :attr:`Place.tags`, as documented in ``places.json``."""
    tags: dict[str, str] = _document()["tags"]
    return dict(tags)


def get(code: str) -> Place:
    """Return the place with this exact code, or raise :class:`UnknownPlace`.

    Codes are matched exactly (they are identifiers stored in case records), so a typo fails
    loudly instead of silently resolving to another place.
    """
    try:
        return _by_code()[code]
    except KeyError:
        raise UnknownPlace(code) from None


def places_in(country: str, kind: str | None = None) -> tuple[Place, ...]:
    """Places of one country (ISO 3166-1 alpha-2, case-insensitive), optionally of one kind."""
    iso2 = country.upper()
    return tuple(
        place
        for place in all_places()
        if place.country == iso2 and (kind is None or place.kind == kind)
    )


# Arabic spelling variants folded together: hamza-bearing alefs and alef wasla -> bare alef,
# alef maqsura -> ya, ta marbuta -> ha; the tatweel (kashida) is dropped.
_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0671": "\u0627",
        "\u0649": "\u064a",
        "\u0629": "\u0647",
        "\u0640": None,
    }
)


def normalize(text: str) -> str:
    """Fold text for matching: no accents or Arabic diacritics, case-folded, punctuation as space.

    Field staff type "kedougou", "KEDOUGOU" or "Kédougou", "fada ngourma" or "Fada N'Gourma",
    and Arabic with or without hamza; all must find the same place.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_ARABIC_FOLD)
    cleaned = "".join(ch if ch.isalnum() else " " for ch in folded)
    return " ".join(cleaned.split())


@lru_cache(maxsize=1)
def _search_index() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    index: list[tuple[Place, tuple[str, ...]]] = []
    for place in all_places():
        keys = [normalize(place.name), *(normalize(alias) for alias in place.aliases)]
        if place.name_ar:
            keys.append(normalize(place.name_ar))
        index.append((place, tuple(key for key in keys if key)))
    return tuple(index)


def _rank(query: str, keys: tuple[str, ...]) -> int | None:
    """0 exact, 1 prefix, 2 word prefix, 3 substring; None if no key matches."""
    best: int | None = None
    for key in keys:
        if key == query:
            rank = 0
        elif key.startswith(query):
            rank = 1
        elif any(word.startswith(query) for word in key.split()) or f" {query}" in key:
            rank = 2
        elif query in key or query.replace(" ", "") in key.replace(" ", ""):
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


_KIND_ORDER = {"town": 0, "site": 1, "region": 2}


def search(text: str, country: str | None = None, limit: int = 20) -> list[Place]:
    """Find places whose name, Arabic name or alias matches ``text``.

    Matching is accent-, case- and punctuation-insensitive. Exact matches come first, then
    prefix, word-prefix and substring matches; within a rank towns come before sites and
    regions (a user typing "Kayes" most often means the town), then alphabetical order.
    An empty query returns nothing rather than the whole gazetteer.
    """
    query = normalize(text)
    if not query or limit <= 0:
        return []
    iso2 = country.upper() if country else None
    scored: list[tuple[int, int, str, Place]] = []
    for place, keys in _search_index():
        if iso2 is not None and place.country != iso2:
            continue
        rank = _rank(query, keys)
        if rank is not None:
            scored.append((rank, _KIND_ORDER.get(place.kind, 3), normalize(place.name), place))
    scored.sort(key=lambda item: (item[0], item[1], item[2], item[3].code))
    return [item[3] for item in scored[:limit]]


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance in kilometres (haversine on a spherical Earth).

    Accurate to about 0.5 %, which is ample for "how far is the recruitment place from the
    border" questions; ellipsoidal formulas would add complexity for no practical gain.
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def country_name(iso2: str, language: str) -> str:
    """Country name in ``language`` ("fr", "ar", "en"; "fr-SN" style tags use their prefix).

    Falls back to English for other languages, and to the code itself for an unknown country
    so that a display never crashes on data imported from elsewhere.
    """
    names = COUNTRIES.get(iso2.upper())
    if names is None:
        return iso2.upper()
    lang = language.replace("_", "-").split("-", 1)[0].lower()
    return names.get(lang) or names["en"]
