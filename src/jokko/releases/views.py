"""Pages of the releases app: list, run a new release, read its reports, download its file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jokko import opendata
from jokko.accounts.access import NotFoundOrForbidden
from jokko.releases import actions
from jokko.releases.access import (
    access_release,
    can_run_releases,
    can_see_releases,
    visible_releases,
)
from jokko.releases.models import ReleaseKind, ReleaseStatus
from jokko.releases.reasons import VARIABLE_LABELS, reason_text
from jokko.web.responses import forbidden


@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    if not can_see_releases(request.user):
        return forbidden(request, "release-list")
    return render(
        request,
        "releases/list.html",
        {
            "releases": visible_releases(request.user)[:100],
            "can_run": can_run_releases(request.user),
        },
    )


def _float(value: str | None, default: float) -> float:
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return float("nan") if value not in (None, "") else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return -1 if value not in (None, "") else default


def parse_release_form(post: QueryDict) -> actions.ReleaseInput:
    """The form as a `ReleaseInput`; shares are typed as percentages."""
    defaults = actions.ReleaseInput()
    return actions.ReleaseInput(
        kind=post.get("kind", defaults.kind),
        variables=post.getlist("variables"),
        k=_int(post.get("k"), defaults.k),
        epsilon=_float(post.get("epsilon"), defaults.epsilon),
        max_suppression_share=_float(
            post.get("max_suppression_percent"), defaults.max_suppression_share * 100
        )
        / 100,
        max_marginal_tvd=_float(post.get("max_tvd_percent"), defaults.max_marginal_tvd * 100) / 100,
        dp_min_count=_int(post.get("dp_min_count"), defaults.dp_min_count),
        dp_pairs=post.get("dp_pairs") == "on",
    )


def _form_context(data: actions.ReleaseInput, errors: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": data,
        "max_suppression_percent": round(data.max_suppression_share * 100, 3),
        "max_tvd_percent": round(data.max_marginal_tvd * 100, 3),
        "variables": [
            (name, VARIABLE_LABELS.get(name, variable.label))
            for name, variable in opendata.catalogue().items()
        ],
        "kinds": ReleaseKind.choices,
        "errors": errors,
    }


@login_required
@require_http_methods(["GET", "POST"])
def release_new(request: HttpRequest) -> HttpResponse:
    if not can_run_releases(request.user):
        return forbidden(request, "release-new")
    if request.method == "GET":
        return render(request, "releases/new.html", _form_context(actions.ReleaseInput(), {}))
    data = parse_release_form(request.POST)
    try:
        release = actions.run_release(request.user, data)
    except ValidationError as error:
        return render(
            request,
            "releases/new.html",
            _form_context(data, error.message_dict),
            status=400,
        )
    return redirect("release-detail", release_id=release.pk)


@login_required
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    try:
        release = access_release(request.user, release_id)
    except NotFoundOrForbidden as error:
        raise Http404 from error
    marginals = release.utility_report.get("marginals", {})
    pairs = release.utility_report.get("pairs", {})
    return render(
        request,
        "releases/detail.html",
        {
            "release": release,
            "published": release.status == ReleaseStatus.PUBLISHED,
            "reasons": [reason_text(reason) for reason in release.reasons],
            "disclosure": release.disclosure_report,
            "marginals": sorted(marginals.items()),
            "pairs": sorted(pairs.items()),
            "dp_tables": sorted(release.disclosure_report.get("tables", {}).items()),
        },
    )


@login_required
def release_download(request: HttpRequest, release_id: int) -> HttpResponse:
    try:
        release = access_release(request.user, release_id)
    except NotFoundOrForbidden as error:
        raise Http404 from error
    if release.status != ReleaseStatus.PUBLISHED or release.content is None:
        raise Http404
    actions.record_download(request.user, release)
    response = HttpResponse(bytes(release.content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{release.filename}"'
    return response
