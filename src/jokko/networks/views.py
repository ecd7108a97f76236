"""Pages of the networks app: the overview, an entity's network and the path finder.

Thin views: they parse the query string, call `networks.analysis`, audit the names they display
and render. Each graph is drawn by ECharts from a json_script block (`networks/network.js`)
AND listed in paged tables, so a phone on a slow link, or a screen reader, gets the table.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jokko.accounts.access import NotFoundOrForbidden
from jokko.networks import analysis
from jokko.networks import graph as g
from jokko.networks.access import can_use_networks
from jokko.networks.build import audit_names, kind_labels
from jokko.web.responses import forbidden

TABLE_PAGE = 50


def _language() -> str:
    return get_language() or "fr"


def _chart(graph: g.LinkGraph) -> dict[str, Any]:
    return g.to_chart(graph, limit=analysis.CHART_LIMIT, labels=kind_labels())


def _tables(request: HttpRequest, graph: g.LinkGraph) -> dict[str, Any]:
    nodes = Paginator(graph.nodes(), TABLE_PAGE).get_page(request.GET.get("page"))
    links = Paginator(graph.links(), TABLE_PAGE).get_page(request.GET.get("lpage"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("lpage", None)
    return {"node_page": nodes, "link_page": links, "query": query.urlencode()}


def _shown(chart: dict[str, Any], graph: g.LinkGraph, tables: dict[str, Any]) -> list[g.Node]:
    """The nodes whose labels this page displays: the drawn ones, the table page and the
    endpoints of the listed links."""
    ids = {n["id"] for n in chart["nodes"]}
    ids |= {n.id for n in tables["node_page"]}
    for link in tables["link_page"]:
        ids |= {link.source.id, link.target.id}
    return [graph.node(i) for i in sorted(ids)]


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not can_use_networks(request.user):
        return forbidden(request, "network-overview")
    data = analysis.overview(request.user, language=_language())
    labels = kind_labels()
    return render(
        request,
        "networks/overview.html",
        {
            **data,
            "kinds": [(kind, labels[kind], data["counts"][kind]) for kind in g.KINDS],
            "components": [
                {
                    "rank": position,
                    "component": component,
                    "suspects": component.suspects[:3],
                    "more": max(0, len(component.suspects) - 3),
                    "first": (component.suspects or list(component.nodes))[0],
                    "counts": [
                        (labels[kind], component.count(kind))
                        for kind in g.KINDS
                        if component.count(kind)
                    ],
                }
                for position, component in enumerate(data["components"], start=1)
            ],
            "chart": {
                "actors": [
                    {
                        "name": a.node.label,
                        "betweenness": round(a.betweenness, 4),
                        "degree": a.degree,
                    }
                    for a in data["actors"][:10]
                ],
                "title": _("Betweenness of the central actors"),
            },
        },
    )


def _entity_form(request: HttpRequest) -> dict[str, Any]:
    return {
        "kinds": list(kind_labels().items()),
        "chosen_kinds": request.GET.getlist("kinds"),
        "hops": request.GET.get("hops", "2"),
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
        "node": request.GET.get("node", ""),
        "hop_choices": range(analysis.MIN_HOPS, analysis.MAX_HOPS + 1),
    }


@login_required
def entity(request: HttpRequest) -> HttpResponse:
    """An entity's network: `?node=<id>&hops=1..3&kinds=…&since=…&until=…`."""
    if not can_use_networks(request.user):
        return forbidden(request, "network-entity")
    context = _entity_form(request)
    node_id = context["node"].strip()
    if not node_id:
        return render(request, "networks/entity.html", context)
    try:
        hops = analysis.parse_hops(context["hops"])
        kinds = analysis.parse_kinds(context["chosen_kinds"])
        since = analysis.parse_date(context["since"], "since")
        until = analysis.parse_date(context["until"], "until")
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, "networks/entity.html", context, status=400)
    result = analysis.ego(
        request.user,
        node_id,
        hops=hops,
        kinds=kinds,
        since=since,
        until=until,
        language=_language(),
    )
    chart = _chart(result.graph)
    tables = _tables(request, result.graph)
    audit_names(
        request.user, result.network, _shown(chart, result.graph, tables), purpose="network"
    )
    context.update(
        {
            "center": result.center,
            "center_kind": kind_labels()[result.center.kind],
            "graph": result.graph,
            "chart": chart,
            "limit": analysis.CHART_LIMIT,
            **tables,
        }
    )
    return render(request, "networks/entity.html", context)


@login_required
def path(request: HttpRequest) -> HttpResponse:
    """How is A connected to B, through what: `?a=…&b=…` (ids, phones, plates, references)."""
    if not can_use_networks(request.user):
        return forbidden(request, "network-path")
    a, b = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    context: dict[str, Any] = {"a": a, "b": b}
    if not a and not b:
        return render(request, "networks/path.html", context)
    if not a or not b:
        context["errors"] = [_("Give both entities.")]
        return render(request, "networks/path.html", context, status=400)
    try:
        result = analysis.path(request.user, a, b, language=_language())
    except NotFoundOrForbidden:
        context["errors"] = [
            _("No entity matches “%(a)s” or “%(b)s” among those you may see.")
            % {"a": a[:60], "b": b[:60]}
        ]
        return render(request, "networks/path.html", context, status=400)
    shown = [result.source, result.target] + [step.node for step in result.steps or []]
    audit_names(request.user, result.network, shown, purpose="network")
    labels = kind_labels()
    context.update(
        {
            "result": result,
            "steps": [
                {"node": step.node, "kind": labels[step.node.kind], "evidence": step.evidence}
                for step in result.steps or []
            ],
        }
    )
    if result.steps:
        drawn = g.LinkGraph()
        for step in result.steps:
            drawn.add_node(step.node)
        for previous, step in zip(result.steps, result.steps[1:], strict=False):
            for item in step.evidence:
                drawn.add_link(previous.node.id, step.node.id, item.kind, item.text, item.on)
        context["chart"] = _chart(drawn)
    return render(request, "networks/path.html", context)
