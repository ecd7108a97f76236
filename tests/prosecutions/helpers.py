"""Records for the prosecution tests and the shared permission matrices (tests/web, tests/api)."""

from __future__ import annotations

import datetime
from typing import Any

DAY = datetime.timedelta(days=1)


def suspects() -> list[Any]:
    """The two suspects of the Kidira interception, recorded by the investigator (made once)."""
    from tests.incidents.helpers import incident_for_permissions

    incident = incident_for_permissions()
    return [p.person.suspect_profile for p in incident.persons.filter(role="suspect")]


def statute(country: str = "SN", offence: str = "som") -> Any:
    from jokko.prosecutions.models import Statute

    return Statute.objects.filter(country=country, offence=offence, active=True).first()


def prosecution_for_permissions() -> Any:
    """A prosecution before the `court` organisation, opened by the prosecutor (made once)."""
    from jokko.accounts.models import User
    from jokko.prosecutions.actions import ProsecutionInput, open_prosecution
    from jokko.prosecutions.models import Prosecution

    existing = Prosecution.objects.first()
    if existing is not None:
        return existing
    return open_prosecution(
        User.objects.get(username="prosecutor"),
        ProsecutionInput(
            opened_on=datetime.date.today() - DAY,
            suspect_ids=[s.pk for s in suspects()],
        ),
    )


def _fresh_charge() -> Any:
    from jokko.accounts.models import User
    from jokko.prosecutions.actions import add_charge

    prosecution = prosecution_for_permissions()
    return add_charge(
        User.objects.get(username="prosecutor"),
        prosecution,
        defendant_id=prosecution.defendants.first().pk,
        statute_id=statute("SN", "som").pk,
        offence="som",
        charged_on=prosecution.opened_on,
    )


def _fresh_conviction() -> Any:
    from jokko.accounts.models import User
    from jokko.prosecutions.actions import record_verdict

    charge = _fresh_charge()
    return record_verdict(
        User.objects.get(username="prosecutor"),
        charge.defendant.prosecution,
        charge_id=charge.pk,
        outcome="convicted",
        decided_on=datetime.date.today(),
    )


def prosecution_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The prosecution rows of the API permission matrix (tests/api/test_api.py): for each
    route, (prepare, call, effect) over one prosecution before the `court` organisation."""
    from jokko.prosecutions.models import Charge, Hearing, Prosecution, Sentence, Verdict

    today = datetime.date.today().isoformat()

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def counting(model: Any) -> tuple[Any, Any]:
        def prepare(world: Any) -> dict[str, Any]:
            prosecution = prosecution_for_permissions()
            return {"id": prosecution.pk, "count": model.objects.count()}

        def effect(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
            return bool(model.objects.count() == prepared["count"] + 1)

        return prepare, effect

    open_prepare, open_effect = counting(Prosecution)
    charge_prepare, charge_effect = counting(Charge)
    hearing_prepare, hearing_effect = counting(Hearing)

    def verdict_prepare(world: Any) -> dict[str, Any]:
        charge = _fresh_charge()
        return {"id": charge.defendant.prosecution_id, "charge": charge.pk, "count": 0}

    def verdict_effect(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
        return Verdict.objects.filter(charge_id=prepared["charge"]).exists()

    def sentence_prepare(world: Any) -> dict[str, Any]:
        verdict = _fresh_conviction()
        return {"id": verdict.charge.defendant.prosecution_id, "verdict": verdict.pk}

    def sentence_effect(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
        return Sentence.objects.filter(verdict_id=prepared["verdict"]).exists()

    def open_body(world: Any) -> dict[str, Any]:
        return {
            "opened_on": today,
            "court_id": world.orgs["court"].pk,
            "suspect_ids": [suspects()[0].pk],
        }

    def charge_body(p: dict[str, Any]) -> dict[str, Any]:
        prosecution = Prosecution.objects.get(pk=p["id"])
        return {
            "defendant_id": prosecution.defendants.first().pk,
            "statute_id": statute("SN", "som").pk,
            "offence": "som",
            "charged_on": today,
        }

    return {
        "GET /prosecutions": (nothing, lambda api, w, p: api.get("/prosecutions"), unchanged),
        "POST /prosecutions": (
            open_prepare,
            lambda api, w, p: api.post("/prosecutions", open_body(w)),
            open_effect,
        ),
        "GET /prosecutions/statutes": (
            nothing,
            lambda api, w, p: api.get("/prosecutions/statutes"),
            unchanged,
        ),
        "GET /prosecutions/{prosecution_id}": (
            lambda world: prosecution_for_permissions().pk,
            lambda api, w, p: api.get(f"/prosecutions/{p}"),
            unchanged,
        ),
        "POST /prosecutions/{prosecution_id}/charges": (
            charge_prepare,
            lambda api, w, p: api.post(f"/prosecutions/{p['id']}/charges", charge_body(p)),
            charge_effect,
        ),
        "POST /prosecutions/{prosecution_id}/hearings": (
            hearing_prepare,
            lambda api, w, p: api.post(
                f"/prosecutions/{p['id']}/hearings", {"held_on": today, "kind": "trial"}
            ),
            hearing_effect,
        ),
        "POST /prosecutions/{prosecution_id}/verdicts": (
            verdict_prepare,
            lambda api, w, p: api.post(
                f"/prosecutions/{p['id']}/verdicts",
                {"charge_id": p["charge"], "outcome": "convicted", "decided_on": today},
            ),
            verdict_effect,
        ),
        "POST /prosecutions/{prosecution_id}/sentences": (
            sentence_prepare,
            lambda api, w, p: api.post(
                f"/prosecutions/{p['id']}/sentences",
                {"verdict_id": p["verdict"], "prison_months": 24},
            ),
            sentence_effect,
        ),
    }
