"""Readable, translated labels for the codes the store groups by (sex, form, country, topic...).

Why here: the store keeps codes (stable across languages and nodes); a donor reads words. Each
label comes from the register that owns the code (taxonomy vocabularies, the gazetteer's country
names, the models' choices, the training topic catalogue), so the report says what the forms say.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jokko.gazetteer import places
from jokko.taxonomy import vocabulary
from jokko.taxonomy.vocabularies import UnknownCode

AGE_BANDS = ("0-11", "12-17", "18-24", "25-34", "35-49", "50+", "unknown")


def _language() -> str:
    return (get_language() or "fr")[:2]


def _vocabulary(name: str) -> Callable[[str], str]:
    def label(code: str) -> str:
        try:
            return vocabulary(name).get(code).label(_language())
        except (UnknownCode, KeyError):
            return code

    return label


def _country(code: str) -> str:
    return places.country_name(code, _language()) if len(code) == 2 else code


def _region(code: str) -> str:
    try:
        place = places.get(code)
    except KeyError:
        return code
    return place.name_ar if _language() == "ar" and place.name_ar else place.name


def _choices(choices: type) -> Callable[[str], str]:
    mapping = dict(choices.choices)  # type: ignore[attr-defined]

    def label(code: str) -> str:
        return str(mapping.get(code, code))

    return label


def _topic(code: str) -> str:
    from jokko.trainings.models import TrainingTopic

    topic = TrainingTopic.objects.filter(code=code).first()
    return topic.name if topic is not None else code


def _age(code: str) -> str:
    return _("unknown") if code == "unknown" else code


def label_for(dimension: str, code: object) -> str:
    """The label of one value of a disaggregation, in the active language."""
    if code is None or code == "":
        return _("not recorded")
    text = str(code)
    if text == "unknown":
        return _("unknown")
    return _labellers().get(dimension, str)(text)


def _labellers() -> dict[str, Callable[[str], str]]:
    from jokko.cases.models import ReferralStatus
    from jokko.community.models import Channel, SuspectedOffence
    from jokko.incidents.models import IncidentKind, Offence
    from jokko.prosecutions.models import ProsecutionStatus
    from jokko.trainings.models import Audience

    return {
        "sex": _vocabulary("sex"),
        "exploitation_type": _vocabulary("exploitation_type"),
        "identification_source": _vocabulary("identification_source"),
        "service_type": _vocabulary("service_type"),
        "case_type": _vocabulary("case_type"),
        "nationality": _country,
        "country": _country,
        "event_country": _country,
        "destination_country": _country,
        "origin_country": _country,
        "region": _region,
        "age_band": _age,
        "kind": _choices(IncidentKind),
        "offence": _choices(Offence),
        "suspected_offence": _choices(SuspectedOffence),
        "channel": _choices(Channel),
        "status": _choices(ReferralStatus),
        "prosecution_status": _choices(ProsecutionStatus),
        "audience": _choices(Audience),
        "topic": _topic,
    }


def sort_key(dimension: str, code: object) -> tuple[int, str]:
    """Age bands in age order, everything else as the store returns it (by code)."""
    if dimension == "age_band" and code in AGE_BANDS:
        return (AGE_BANDS.index(str(code)), "")
    return (0, str(code))
