"""Pages of the campaigns app: list, create, detail (with its events), add an event.

Thin views: parse the plain HTML form, call one action, render; `actions.py` validates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jokko.accounts.access import NotFoundOrForbidden
from jokko.accounts.models import Organisation
from jokko.actionplans.views import country_choices, error_list, parse_date, parse_int
from jokko.audit.actions import record
from jokko.campaigns import actions
from jokko.campaigns.access import access_campaign_by_id, can_use_campaigns, visible_campaigns
from jokko.campaigns.indicators import campaign_indicators
from jokko.campaigns.models import Audience, Campaign, CampaignEvent, EventKind
from jokko.gazetteer import places
from jokko.gazetteer.places import COUNTRIES
from jokko.spreadsheets.export import export_requested, export_response
from jokko.web.responses import forbidden


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not can_use_campaigns(request.user):
        return forbidden(request, "campaign-list")
    campaigns = visible_campaigns(request.user)
    country = request.GET.get("country", "").upper()
    if country in COUNTRIES:
        campaigns = campaigns.filter(countries__contains=country)
    if fmt := export_requested(request):
        record(request.user, "export", "campaign_events", "", format=fmt)
        events = CampaignEvent.objects.filter(campaign__in=campaigns).select_related("campaign")
        return export_response(
            "awareness-events",
            fmt,
            [
                _("Campaign"),
                _("Date"),
                _("Kind"),
                _("Place"),
                _("Audience"),
                _("People reached"),
                _("Women and girls"),
                _("Men and boys"),
                _("Materials"),
                _("Items distributed"),
                _("Languages"),
            ],
            [
                [
                    e.campaign.name,
                    e.held_on,
                    e.get_kind_display(),
                    e.place_code,
                    e.get_audience_display(),
                    e.reach_total,
                    e.reach_female,
                    e.reach_male,
                    e.materials,
                    e.materials_count,
                    " ".join(e.language_list),
                ]
                for e in events.order_by("campaign_id", "held_on", "id")
            ],
        )
    # One query for the whole list: events and people reached per campaign.
    annotated = campaigns.annotate(n_events=Count("events"), reach=Sum("events__reach_total"))
    rows = [
        (campaign, {"events": campaign.n_events, "reach": campaign.reach or 0})
        for campaign in annotated[:200]
    ]
    return render(
        request,
        "campaigns/list.html",
        {
            "rows": rows,
            "export_links": True,
            "country": country,
            "countries": country_choices(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not can_use_campaigns(request.user):
        return forbidden(request, "campaign-new")
    errors: list[str] = []
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        form = actions.CampaignInput(
            name=data.get("name", ""),
            theme=data.get("theme", ""),
            starts_on=parse_date(data.get("starts_on")),
            ends_on=parse_date(data.get("ends_on")),
            countries=data.getlist("countries"),
        )
        try:
            campaign = actions.create_campaign(request.user, form)
        except ValidationError as error:
            errors = error_list(error)
        else:
            messages.success(request, _("Campaign created."))
            return redirect("campaign-detail", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/new.html",
        {
            "errors": errors,
            "data": data,
            "chosen": data.getlist("countries") or [settings.NODE_COUNTRY],
            "countries": country_choices(),
        },
        status=400 if errors else 200,
    )


def _campaign(user: Any, campaign_id: int) -> Campaign:
    try:
        return access_campaign_by_id(user, campaign_id)
    except NotFoundOrForbidden:
        raise Http404 from None


def _place_names(codes: list[str]) -> dict[str, str]:
    names = {}
    for code in codes:
        try:
            names[code] = places.get(code).name
        except KeyError:
            names[code] = code
    return names


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request.user, campaign_id)
    events = list(campaign.events.prefetch_related("partners"))
    names = _place_names([e.place_code for e in events])
    indicators = campaign_indicators(Campaign.objects.filter(pk=campaign.pk))
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "events": [(event, names[event.place_code]) for event in events],
            "indicators": indicators,
            "by_audience": [
                (Audience(code).label, row) for code, row in indicators["by_audience"].items()
            ],
            "by_kind": [
                (EventKind(code).label, row) for code, row in indicators["by_kind"].items()
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request.user, campaign_id)
    errors: list[str] = []
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        form = actions.EventInput(
            kind=data.get("kind", ""),
            place_code=data.get("place_code", ""),
            held_on=parse_date(data.get("held_on")),
            audience=data.get("audience", ""),
            reach_total=data.get("reach_total", ""),
            reach_female=data.get("reach_female", ""),
            reach_male=data.get("reach_male", ""),
            title=data.get("title", ""),
            materials=data.get("materials", ""),
            materials_count=data.get("materials_count", ""),
            partner_ids=[i for i in (parse_int(v) for v in data.getlist("partner_ids")) if i],
            partner_note=data.get("partner_note", ""),
            languages=data.get("languages", "").replace(";", ",").split(","),
        )
        try:
            actions.add_event(request.user, campaign, form)
        except ValidationError as error:
            errors = error_list(error)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("campaign-detail", campaign_id=campaign.pk)
    place_choices = [
        place
        for country in campaign.country_list
        for place in places.places_in(country)
        if place.kind != "region"
    ]
    return render(
        request,
        "campaigns/event_new.html",
        {
            "campaign": campaign,
            "errors": errors,
            "data": data,
            "kinds": EventKind.choices,
            "audiences": Audience.choices,
            "places": place_choices,
            "organisations": Organisation.objects.order_by("name"),
        },
        status=400 if errors else 200,
    )
