"""The justice indicators page: one filter form, one call to `justice_indicators`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jokko.justice.access import can_read_indicators
from jokko.justice.forms import PeriodForm
from jokko.justice.indicators import justice_indicators
from jokko.web.responses import forbidden

SECTIONS = ("incidents", "investigations", "prosecutions", "cooperation")


def _rows(figures: dict[str, Any]) -> list[tuple[str, Any, bool]]:
    """(label, value, nested) per figure; a breakdown (a dict) becomes nested rows."""
    rows: list[tuple[str, Any, bool]] = []
    for key, value in figures.items():
        label = str(key).replace("_", " ")
        if isinstance(value, dict):
            rows.append((label, _rows(value) or "—", bool(value)))
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
