"""The justice indicators page: one filter form, one call to `justice_indicators`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jokko.justice.access import can_read_indicators
from jokko.justice.forms import PeriodForm
from jokko.justice.indicators import justice_indicators
from jokko.web.responses import forbidden
from jokko.web.templatetags.jokko import place

SECTIONS = ("incidents", "investigations", "prosecutions", "cooperation")

# The figure names the indicator functions use, in words; unknown names are shown as they are.
FIGURE_LABELS: dict[str, Any] = {
    "incidents": _("Incidents"),
    "investigations": _("Investigations opened"),
    "prosecutions": _("Prosecutions"),
    "requests": _("Requests"),
    "by_kind": _("By kind"),
    "by_place": _("By place"),
    "by_offence": _("By offence"),
    "by_status": _("By status"),
    "by_unit": _("By unit"),
    "persons_by_role": _("Persons by role"),
    "persons_intercepted": _("Persons intercepted"),
    "convictions": _("Convictions"),
    "acquittals": _("Acquittals"),
    "convictions_by_offence": _("Convictions by offence"),
    "acquittals_by_offence": _("Acquittals by offence"),
    "sentence_months": _("Prison sentences (months)"),
    "days_identification_to_verdict": _("Days from identification to verdict"),
    "attrition": _("Attrition (where cases stop and why)"),
    "overdue": _("Overdue"),
    "median_days_to_answer": _("Median days to answer"),
    "count": _("Number"),
    "median": _("Median"),
    "min": _("Shortest"),
    "max": _("Longest"),
}


def _code_labels() -> dict[str, str]:
    """Codes that appear as breakdown keys (kinds, roles, statuses, offences), in words."""
    from jokko.cooperation import models as cooperation
    from jokko.incidents import models as incidents
    from jokko.investigations import models as investigations
    from jokko.prosecutions import models as prosecutions

    choices: list[type[models.TextChoices]] = [
        incidents.Offence,
        incidents.IncidentKind,
        incidents.PersonRole,
        investigations.InvestigationStatus,
        prosecutions.ProsecutionStatus,
        prosecutions.StopReason,
        prosecutions.VerdictOutcome,
        cooperation.RequestKind,
        cooperation.RequestStatus,
    ]
    labels: dict[str, str] = {}
    for choice in choices:
        for code, label in choice.choices:
            labels.setdefault(code, str(label))
    return labels


def _label(key: str, codes: dict[str, str]) -> str:
    if key in FIGURE_LABELS:
        return str(FIGURE_LABELS[key])
    if key in codes:
        return codes[key]
    named = place(key)
    return named if named != key else key.replace("_", " ")


def _rows(
    figures: dict[str, Any], codes: dict[str, str] | None = None
) -> list[tuple[str, Any, bool]]:
    """(label, value, nested) per figure; a breakdown (a dict) becomes nested rows."""
    codes = _code_labels() if codes is None else codes
    rows: list[tuple[str, Any, bool]] = []
    for key, value in figures.items():
        label = _label(str(key), codes)
        if isinstance(value, dict):
            rows.append((label, _rows(value, codes) or "—", bool(value)))
        elif value is None:
            rows.append((label, "—", False))
        else:
            rows.append((label, value, False))
    return rows


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    if not can_read_indicators(request.user):
        return forbidden(request, "justice-indicators")
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "justice/indicators.html", {"form": form}, status=400)
    figures = justice_indicators(form.period() if form.is_bound else PeriodForm().period_empty())
    sections = [(name, _rows(figures[name]), figures["sources"][name]) for name in SECTIONS]
    return render(
        request,
        "justice/indicators.html",
        {"form": form, "headline": figures["headline"], "sections": sections},
    )
