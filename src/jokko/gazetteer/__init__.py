"""Offline gazetteer of West African and Sahel places, with migration-route hotspots.

Pure Python (no Django) so that importers, the CLI and other packages can use it anywhere.
See :mod:`jokko.gazetteer.places` for the data model and the code scheme.
"""

from jokko.gazetteer.places import (
    COUNTRIES,
    KINDS,
    Place,
    UnknownPlace,
    all_places,
    country_name,
    distance_km,
    get,
    normalize,
    places_in,
    search,
    tag_descriptions,
)

__all__ = [
    "COUNTRIES",
    "KINDS",
    "Place",
    "UnknownPlace",
    "all_places",
    "country_name",
    "distance_km",
    "get",
    "normalize",
    "places_in",
    "search",
    "tag_descriptions",
]
