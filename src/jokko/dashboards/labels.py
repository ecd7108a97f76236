"""Readable, translated labels for the codes the store keeps (forms, sexes, countries, ids...).

The store holds codes only, so that figures do not depend on the language of whoever refreshed
it; the page names them in the reader's language: taxonomy labels for vocabularies, gazetteer
names for countries and regions, the organisation's name for an organisation id.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jokko.analytics.catalogue import INDICATORS
from jokko.cases.workflow import CaseStatus, ReferralStatus
from jokko.gazetteer import places
from jokko.gazetteer.places import COUNTRIES
from jokko.incidents.models import IncidentKind, Offence
from jokko.taxonomy import vocabulary
from jokko.taxonomy.vocabularies import UnknownCode

VOCABULARY_DIMS = {
    "exploitation_type": "exploitation_type",
    "sex": "sex",
    "service_type": "service_type",
    "identification_source": "identification_source",
    "case_type": "case_type",
}
COUNTRY_DIMS = {"nationality", "country", "destination_country", "origin_country"}
ORGANISATION_DIMS = {"to_organisation", "organisation"}


def _language() -> str:
    return (get_language() or "fr")[:2]


def organisation_names(ids: set[int]) -> dict[int, str]:
    from jokko.accounts.models import Organisation

    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


def label(dim: str, key: Any, organisations: dict[int, str] | None = None) -> str:
    """The label of one value of a disaggregation, in the active language."""
    if key is None or key == "unknown":
        return _("Not recorded")
    language = _language()
    text = str(key)
    if dim in VOCABULARY_DIMS:
        try:
            return vocabulary(VOCABULARY_DIMS[dim]).get(text).label(language)
        except (KeyError, UnknownCode):
            return text
    if dim in COUNTRY_DIMS:
        names = COUNTRIES.get(text)
        return names.get(language, names["en"]) if names else text
    if dim == "region":
        try:
            place = places.get(text)
        except KeyError:
            return text
        return place.name_ar if language == "ar" and place.name_ar else place.name
    if dim in ORGANISATION_DIMS:
        return (organisations or {}).get(int(key), _("Organisation %(id)s") % {"id": key})
    if dim == "step":
        return str(CaseStatus(text).label) if text in CaseStatus.values else text
    if dim == "status":
        return str(ReferralStatus(text).label) if text in ReferralStatus.values else text
    if dim == "offence":
        return str(Offence(text).label) if text in Offence.values else text
    if dim == "kind":
        return str(IncidentKind(text).label) if text in IncidentKind.values else text
    return text


def indicator_name(code: str) -> str:
    return INDICATORS[code].name


def dimension_name(dim: str) -> str:
    """The heading of a table's first column."""
    names = {
        "month": _("Month"),
        "quarter": _("Quarter"),
        "year": _("Year"),
        "exploitation_type": _("Form of exploitation"),
        "sex": _("Sex"),
        "age_band": _("Age band"),
        "nationality": _("Nationality"),
        "region": _("Region"),
        "step": _("Step"),
        "service_type": _("Service"),
        "status": _("Status"),
        "offence": _("Offence"),
        "kind": _("Kind"),
        "destination_country": _("Destination country"),
        "to_organisation": _("Receiving organisation"),
        "organisation": _("Organisation"),
        "": _("Indicator"),
    }
    return str(names.get(dim, dim))


def filter_name(name: str) -> str:
    """A filter's name, for "this chart ignores ..." notes."""
    names = {
        "start": _("start of the period"),
        "end": _("end of the period"),
        "region": _("region"),
        "exploitation_type": _("form of exploitation"),
        "organisation": _("organisation"),
    }
    return str(names.get(name, name))
