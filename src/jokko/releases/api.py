"""API routes of the releases app (mounted under /api/v1/releases/ by jokko/api/api.py).

The same rules as the pages: coordinators run releases, coordinators and analysts read them.
The published CSV itself is downloaded from the page (or ``GET /{id}/csv``); every download is
audited.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from jokko import opendata
from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.api.schemas import ERRORS
from jokko.releases import actions
from jokko.releases.access import access_release, can_see_releases, visible_releases
from jokko.releases.models import Release, ReleaseStatus

router = Router(tags=["releases"])
CHANNEL = "api"


class ReleaseIn(Schema):
    kind: str = Field("kanon", description="kanon (k-anonymous microdata) or dp (DP aggregates)")
    variables: list[str] = Field(
        list(opendata.DEFAULT_VARIABLES), description=", ".join(opendata.VARIABLE_NAMES)
    )
    k: int = Field(11, description="Minimum group size (k-anonymity)")
    epsilon: float = Field(1.0, description="Total privacy budget of a DP release")
    max_suppression_share: float = Field(0.05, description="Refuse above this suppressed share")
    max_marginal_tvd: float = Field(0.10, description="Refuse above this marginal distance")
    dp_min_count: int = Field(10, description="Noisy counts below this are suppressed")
    dp_pairs: bool = Field(False, description="DP: also one table per pair of variables")


class ReleaseOut(Schema):
    id: int
    kind: str
    status: str
    variables: list[str]
    k: int
    epsilon: float
    records: int
    reasons: list[dict[str, Any]]
    disclosure_report: dict[str, Any]
    utility_report: dict[str, Any]
    sha256: str
    created_by: str
    created_at: datetime.datetime


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def release_out(release: Release) -> dict[str, Any]:
    return {
        "id": release.pk,
        "kind": release.kind,
        "status": release.status,
        "variables": release.variables,
        "k": release.k,
        "epsilon": release.epsilon,
        "records": release.records,
        "reasons": release.reasons,
        "disclosure_report": release.disclosure_report,
        "utility_report": release.utility_report,
        "sha256": release.sha256,
        "created_by": release.created_by.username,
        "created_at": release.created_at,
    }


@router.get("", response={200: list[ReleaseOut], **ERRORS})
def list_releases(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    if not can_see_releases(user):
        raise ActionForbidden
    return [release_out(release) for release in visible_releases(user)[:100]]


@router.post("", response={201: ReleaseOut, **ERRORS})
def create_release(request: HttpRequest, payload: ReleaseIn) -> Status[dict[str, Any]]:
    """Run a release on the node's cases; a refused release is stored too (status refused)."""
    release = actions.run_release(
        _user(request), actions.ReleaseInput(**payload.dict()), channel=CHANNEL
    )
    return Status(201, release_out(release))


@router.get("/{release_id}", response={200: ReleaseOut, **ERRORS})
def get_release(request: HttpRequest, release_id: int) -> dict[str, Any]:
    return release_out(access_release(_user(request), release_id))


@router.get("/{release_id}/csv", response={200: None, **ERRORS})
def get_release_csv(request: HttpRequest, release_id: int) -> HttpResponse:
    """The published CSV (404 for a refused release: it has no file)."""
    release = access_release(_user(request), release_id)
    if release.status != ReleaseStatus.PUBLISHED or release.content is None:
        raise NotFoundOrForbidden
    actions.record_download(_user(request), release, channel=CHANNEL)
    response = HttpResponse(bytes(release.content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{release.filename}"'
    return response
