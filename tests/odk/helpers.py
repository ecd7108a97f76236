"""Rows for the shared permission tests (tests/web/test_permissions.py, tests/api/test_api.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def odk_page_url(name: str) -> str:
    if name == "odk-form-download":
        return reverse(name, kwargs={"key": "identification", "fmt": "xlsx"})
    if name == "odk-openrosa-form":
        return reverse(name, kwargs={"key": "identification"})
    return reverse(name)


def odk_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """(prepare, call, effect) per route: a Kobo submission of the identification form."""
    from jokko.cases.models import Case
    from tests.odk import samples

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def fresh_submission(world: Any) -> tuple[int, dict[str, Any]]:
        return Case.objects.count(), samples.kobo_record(samples.IDENTIFICATION_ANSWERS)

    def one_more_case(world: Any, prepared: tuple[int, Any], before: Any, after: Any) -> bool:
        return Case.objects.count() == prepared[0] + 1

    return {
        "GET /odk/forms": (nothing, lambda api, w, p: api.get("/odk/forms"), unchanged),
        "GET /odk/submissions": (nothing, lambda api, w, p: api.get("/odk/submissions"), unchanged),
        "POST /odk/submissions/{form}": (
            fresh_submission,
            lambda api, w, p: api.post("/odk/submissions/identification", p[1]),
            one_more_case,
        ),
    }
