"""Running a release on the node's cases and recording it (published or refused).

The heavy lifting is `jokko.opendata`; this module validates the request, feeds the library the
node's cases without identities (`jokko.releases.source`), stores the outcome with both
reports, the file and its SHA-256, and audits the release.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jokko import opendata
from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.releases.access import can_run_releases
from jokko.releases.models import Release, ReleaseStatus
from jokko.releases.reasons import reason_text
from jokko.releases.source import case_source_rows
from jokko.validation import Errors, add_error, raise_if_errors

# Which form field each spec error belongs to, so the message shows next to it.
REASON_FIELDS = {
    "unknown_variables": "variables",
    "no_variables": "variables",
    "duplicate_variables": "variables",
    "unknown_kind": "kind",
    "k_too_small": "k",
    "bad_suppression_share": "max_suppression_share",
    "bad_tvd": "max_marginal_tvd",
    "bad_epsilon": "epsilon",
    "bad_min_count": "dp_min_count",
}


@dataclass
class ReleaseInput:
    kind: str = opendata.ReleaseKind.KANON.value
    variables: list[str] = field(default_factory=lambda: list(opendata.DEFAULT_VARIABLES))
    k: int = opendata.spec.DEFAULT_K
    epsilon: float = opendata.spec.DEFAULT_EPSILON
    max_suppression_share: float = opendata.spec.DEFAULT_MAX_SUPPRESSION_SHARE
    max_marginal_tvd: float = opendata.spec.DEFAULT_MAX_MARGINAL_TVD
    dp_min_count: int = opendata.spec.DEFAULT_DP_MIN_COUNT
    dp_pairs: bool = False


def build_spec(data: ReleaseInput) -> opendata.ReleaseSpec:
    """The library spec for a request, or a `ValidationError` with every problem by field."""
    errors: Errors = {}
    try:
        return opendata.ReleaseSpec.build(
            data.variables,
            kind=data.kind,
            k=data.k,
            epsilon=data.epsilon,
            max_suppression_share=data.max_suppression_share,
            max_marginal_tvd=data.max_marginal_tvd,
            dp_min_count=data.dp_min_count,
            dp_pairs=data.dp_pairs,
        )
    except opendata.SpecError as error:
        for reason in error.errors:
            add_error(
                errors, REASON_FIELDS.get(reason.code, "__all__"), reason_text(reason.as_dict())
            )
    raise_if_errors(errors)
    raise AssertionError("unreachable")  # pragma: no cover


def run_release(actor: Any, data: ReleaseInput, *, channel: str = "web") -> Release:
    """Run and store a release of the node's cases; refused releases are stored without file."""
    if not can_run_releases(actor):
        raise ActionForbidden(_("Only a coordinator may run a release."))
    spec = build_spec(data)
    con = opendata.connect()
    try:
        records = opendata.load_rows(con, case_source_rows())
        outcome = opendata.run(con, spec)
        content = opendata.csv_bytes(con, outcome) if outcome.published else None
    finally:
        con.close()
    with transaction.atomic():
        release = Release.objects.create(
            kind=spec.kind.value,
            variables=list(spec.variables),
            k=spec.k,
            epsilon=spec.epsilon,
            spec=spec.as_dict(),
            status=ReleaseStatus.PUBLISHED if outcome.published else ReleaseStatus.REFUSED,
            reasons=[reason.as_dict() for reason in outcome.reasons],
            disclosure_report=outcome.disclosure,
            utility_report=outcome.utility,
            content=content,
            sha256=hashlib.sha256(content).hexdigest() if content is not None else "",
            records=records,
            created_by=actor,
        )
        record(
            actor,
            "create",
            "release",
            release.pk,
            channel=channel,
            kind=release.kind,
            status=release.status,
            variables=release.variables,
            k=release.k,
            epsilon=release.epsilon,
            sha256=release.sha256,
        )
    return release


def record_download(actor: Any, release: Release, *, channel: str = "web") -> None:
    """Downloads are audited: who took which published file."""
    record(actor, "download", "release", release.pk, channel=channel, sha256=release.sha256)
