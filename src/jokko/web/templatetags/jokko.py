"""Template filters that turn stored codes into labels in the reader's language."""

from __future__ import annotations

from django import template
from django.db.models import TextChoices
from django.utils.translation import get_language

from jokko.gazetteer import UnknownPlace, country_name
from jokko.gazetteer import get as get_place
from jokko.taxonomy import UnknownCode, vocabulary

register = template.Library()


def _language() -> str:
    return (get_language() or "fr")[:2]


@register.filter
def term(code: str, vocab: str) -> str:
    """`{{ case.case_type|term:"case_type" }}` → "Traite des personnes"."""
    if not code:
        return ""
    try:
        return vocabulary(vocab).get(code).label(_language())
    except (UnknownCode, KeyError):
        return code


@register.filter
def terms(codes: list[str], vocab: str) -> str:
    return ", ".join(term(code, vocab) for code in codes or [])


@register.filter
def place(code: str) -> str:
    if not code:
        return ""
    try:
        found = get_place(code)
    except UnknownPlace:
        return code
    name = found.name_ar if _language() == "ar" and found.name_ar else found.name
    return f"{name} ({found.country})"


@register.filter
def country(code: str) -> str:
    return country_name(code, _language()) if code else ""


def _label(choices: type[TextChoices], code: str) -> str:
    """The translated label of a stored code; an unknown code is shown as it is."""
    return str(choices(code).label) if code in choices.values else code


@register.filter
def consent_scopes(codes: list[str]) -> str:
    from jokko.cases.models import ConsentScope

    return ", ".join(_label(ConsentScope, code) for code in codes)


@register.filter
def case_status(code: str) -> str:
    from jokko.cases.workflow import CaseStatus

    return _label(CaseStatus, code)


@register.filter
def person_roles(codes: list[str]) -> str:
    from jokko.people.models import PersonRole

    return ", ".join(_label(PersonRole, code) for code in codes)
