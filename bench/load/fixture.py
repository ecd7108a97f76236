"""Prepare a seeded node for a load test and describe it to the simulated users.

Run as a script in the node's environment (JOKKO_DATABASE_URL, JOKKO_DATA_DIR):
`python bench/load/fixture.py OUT.json USERS`. It creates one login per simulated user (so
each holds its own session, audit trail and scoping, as real colleagues do, and no account is
shared by twenty browsers), issues each an API token, and writes what the users need to act
realistically: which cases and incidents they may open, names worth searching, and valid codes
for the forms. Logins are created afresh if missing and their failed-login counts are cleared,
so a load user is never locked out by the login throttling.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import django

# The password of the load users: they exist only in benchmark databases.
LOAD_PASSWORD = "jokko-load-2026"  # noqa: S105
# (prefix, role, the demo login whose organisation the load users join)
ROLES = (
    ("load-cw", "case_worker", "travailleuse"),
    ("load-inv", "investigator", "enqueteur"),
    ("load-an", "analyst", "analyste"),
)


def _codes(vocab: str) -> list[str]:
    from jokko.taxonomy import vocabulary

    return [term.code for term in vocabulary(vocab).terms]


def _users(count: int) -> dict[str, list[dict[str, str]]]:
    """`count` logins per role, each with a fresh API token."""
    from jokko.accounts.models import ApiToken, User

    out: dict[str, list[dict[str, str]]] = {}
    for prefix, role, template_name in ROLES:
        template = User.objects.get(username=template_name)
        out[role] = []
        for n in range(1, count + 1):
            user, created = User.objects.get_or_create(
                username=f"{prefix}-{n:02d}",
                defaults={"role": role, "organisation": template.organisation},
            )
            if created:
                user.set_password(LOAD_PASSWORD)
                user.save()
            ApiToken.objects.filter(user=user, label="load").delete()
            _token, raw = ApiToken.issue(user, label="load")
            out[role].append({"username": user.username, "password": LOAD_PASSWORD, "token": raw})
    _clear_lockouts([u["username"] for users in out.values() for u in users])
    return out


def _clear_lockouts(usernames: list[str]) -> None:
    """Forget failed logins of the load users (django-axes), if throttling is installed."""
    from django.apps import apps

    if apps.is_installed("axes"):
        from axes.models import AccessAttempt

        AccessAttempt.objects.filter(username__in=usernames).delete()


def _search_names(persons: int) -> list[str]:
    """Names of persons the bulk loader put in this database (same generator, same seed)."""
    from jokko.synth import generate_persons

    count = min(persons, 2000)
    if count == 0:
        return []
    # `jokko seed_demo --extra-persons N` draws with seed 1 + 1000 (jokko.demo.seed).
    return [p.names[0].text for p in islice(generate_persons("SN", count, seed=1001), count)]


def describe(out: Path, users_per_role: int, persons: int) -> dict[str, Any]:
    from django.conf import settings

    from jokko.accounts.models import User
    from jokko.cases.access import visible_cases
    from jokko.cases.models import ScreeningOutcome
    from jokko.gazetteer import places_in
    from jokko.incidents.models import Incident
    from jokko.people.models import Person

    users = _users(users_per_role)
    worker = User.objects.get(username=users["case_worker"][0]["username"])
    investigator = User.objects.get(username=users["investigator"][0]["username"])
    case_ids = list(visible_cases(worker).order_by("-pk").values_list("pk", flat=True)[:300])
    incident_ids = list(
        Incident.objects.filter(unit_id=investigator.organisation_id)
        .order_by("-pk")
        .values_list("pk", flat=True)[:300]
    )
    towns = [place.code for place in places_in(settings.NODE_COUNTRY, kind="town")]
    fixture = {
        # The record states the size actually measured, whatever size was asked for.
        "persons_in_database": Person.objects.count(),
        "users": users,
        "case_ids": case_ids,
        "incident_ids": incident_ids,
        "search_names": _search_names(persons),
        "indicators": _indicator_codes(),
        "codes": {
            "sex": _codes("sex"),
            "identification_source": _codes("identification_source"),
            "exploitation_type": _codes("exploitation_type"),
            "place_code": towns[:40],
            "screening_outcome": list(ScreeningOutcome.values),
        },
        "today": datetime.date.today().isoformat(),
    }
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=1))
    return fixture


def _indicator_codes() -> list[str]:
    from jokko.accounts.models import User
    from jokko.analytics.access import visible_indicators

    analyst = User.objects.filter(role="analyst").order_by("pk").first()
    return [indicator.code for indicator in visible_indicators(analyst)]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    django.setup()
    out, users, persons = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    fixture = describe(out, users, persons)
    print(
        f"fixture: {sum(len(u) for u in fixture['users'].values())} logins, "
        f"{len(fixture['case_ids'])} cases, {len(fixture['incident_ids'])} incidents"
    )


if __name__ == "__main__":
    main()
