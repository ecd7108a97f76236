"""Translated sentences for the reasons `jokko.opendata` gives (it is pure and English-only).

A reason is stored as ``{"code", "text", "params"}``; pages show the translation of its code
filled with its parameters, and fall back to the library's English text for an unknown code.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

REASON_TEXTS = {
    "unknown_variables": _("Unknown variables: %(variables)s."),
    "no_variables": _("Choose at least one variable."),
    "duplicate_variables": _("A variable is chosen twice."),
    "unknown_kind": _("Unknown release kind %(kind)s."),
    "k_too_small": _("k must be at least 2."),
    "bad_suppression_share": _("The maximum suppressed share must be between 0 and 1."),
    "bad_tvd": _("The maximum marginal distance must be greater than 0 and at most 1."),
    "bad_epsilon": _("Epsilon must be greater than 0 and at most %(max)s."),
    "bad_min_count": _("The small-count threshold cannot be negative."),
    "bad_year_range": _("The first year is after the last year."),
    "no_records": _("There are no cases to release."),
    "nothing_left": _("No combination of the chosen variables is shared by %(k)s cases or more."),
    "too_much_suppression": _(
        "k-anonymity with k=%(k)s would suppress %(suppressed)s of %(total)s cases "
        "(%(share)s %%), more than the maximum of %(max)s %%: choose fewer or coarser variables."
    ),
    "group_below_k": _("A group of %(smallest)s cases is smaller than k=%(k)s."),
    "marginal_moved": _(
        "The counts by %(variables)s moved by %(tvd)s %% (total variation), more than the "
        "maximum of %(max)s %%."
    ),
    "budget_exceeded": _("The tables spend epsilon %(spent)s, more than the budget %(epsilon)s."),
}


def reason_text(reason: dict[str, Any]) -> str:
    template = REASON_TEXTS.get(str(reason.get("code", "")))
    if template is None:
        return str(reason.get("text", ""))
    try:
        return str(template) % reason.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(reason.get("text", ""))


VARIABLE_LABELS = {
    "year": _("Year of identification"),
    "country_of_identification": _("Country of identification"),
    "country_of_exploitation": _("Country of exploitation (destination)"),
    "citizenship": _("Citizenship"),
    "sex": _("Sex"),
    "age_band": _("Age band at identification (0-8, 9-17, 18-20, ... 48+)"),
    "exploitation": _("Form of exploitation (top-level HTCDS term, or several)"),
    "means_of_control": _("Means of control (top-level HTCDS term, or several)"),
    "recruiter_relation": _("Relation to the recruiter (family, acquaintance, stranger)"),
    "case_type": _("Type of case (trafficking, smuggling, both)"),
}
"""The variables as the release form shows them (the library's descriptions are English)."""
