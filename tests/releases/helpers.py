"""Records for the shared permission matrices (tests/web, tests/api) and release tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

CASE_VARIABLES = ["year", "country_of_identification", "sex", "case_type"]


def make_cases(worker: Any, count: int, **overrides: Any) -> list[Any]:
    """``count`` talibé cases identified at Kidira in 2025 through the real action.

    All share the same generalised values (2025, SN, the person's sex, tip), so with k <= count
    the release of `CASE_VARIABLES` is one group of ``count`` cases.
    """
    from jokko.cases.actions import CaseInput, register_survivor
    from jokko.people.actions import PersonInput

    cases = []
    for n in range(count):
        person = PersonInput(
            names=[f"Mamadou Ba {n}"],
            sex=overrides.get("sex", "male"),
            birth_year=overrides.get("birth_year", 2014),
            nationality=overrides.get("nationality", "GN"),
        )
        fields = {
            "case_type": overrides.get("case_type", "tip"),
            "identification_source": _first_code("identification_source"),
            "identified_on": overrides.get("identified_on", datetime.date(2025, 3, 1 + n % 27)),
            "place_code": overrides.get("place_code", "SN-TC-KIDIRA"),
            "exploitation_types": overrides.get("exploitation_types", ["forced_begging_talibe"]),
        }
        case, _ = register_survivor(worker, person, CaseInput(**fields))
        cases.append(case)
    return cases


def _first_code(vocabulary_name: str) -> str:
    from jokko.taxonomy.vocabularies import vocabulary

    return vocabulary(vocabulary_name).codes[0]


def release_for_permissions() -> Any:
    """A published release of 12 cases run by the `users` fixture's coordinator (made once)."""
    from jokko.accounts.models import User
    from jokko.releases.actions import ReleaseInput, run_release
    from jokko.releases.models import Release

    existing = Release.objects.filter(status="published").first()
    if existing is not None:
        return existing
    make_cases(User.objects.get(username="worker"), 12)
    return run_release(
        User.objects.get(username="coordinator"),
        ReleaseInput(
            variables=CASE_VARIABLES, k=11, max_suppression_share=0.5, max_marginal_tvd=0.5
        ),
    )


def release_page_url(name: str) -> str:
    if name in ("release-detail", "release-download"):
        return reverse(name, kwargs={"release_id": release_for_permissions().pk})
    return reverse(name)


def release_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The release rows of the API permission matrix (tests/api/test_api.py)."""
    from jokko.releases.models import Release

    def nothing(world: Any) -> None:
        return None

    def existing(world: Any) -> int:
        return int(release_for_permissions().pk)

    def count(world: Any) -> int:
        return Release.objects.count()

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return Release.objects.count() == prepared + 1

    return {
        "GET /releases": (nothing, lambda api, w, p: api.get("/releases"), unchanged),
        "POST /releases": (
            count,
            lambda api, w, p: api.post("/releases", {"variables": CASE_VARIABLES, "k": 11}),
            one_more,
        ),
        "GET /releases/{release_id}": (
            existing,
            lambda api, w, p: api.get(f"/releases/{p}"),
            unchanged,
        ),
        "GET /releases/{release_id}/csv": (
            existing,
            lambda api, w, p: api.get(f"/releases/{p}/csv"),
            unchanged,
        ),
    }
