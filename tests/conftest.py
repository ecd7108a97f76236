"""Shared fixtures: a node with organisations and one user per role, and a survivor's case.

The test run gets its own data directory (and so its own field-encryption key), so tests never
touch a developer's demo data.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("JOKKO_DATA_DIR", tempfile.mkdtemp(prefix="jokko-test-"))
os.environ.setdefault("JOKKO_NODE_COUNTRY", "SN")

# CI runs every Hypothesis property derandomized (`.ci/run` sets HYPOTHESIS_PROFILE=ci) so a
# failure is reproducible from its log. Loaded here, before any test module is imported: a
# profile loaded later does not reach the @settings of modules imported before it.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    """Messages raised by actions in unit tests are compared in English.

    Django's LocaleMiddleware leaves the last request's language active in the thread, so
    without this a test after an Arabic page would see Arabic error messages.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2's 1M iterations cost ~0.5 s a user; tests do not need brute-force resistance."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def orgs(db: Any) -> dict[str, Any]:
    from jokko.accounts.models import Organisation

    def make(key: str, name: str, kind: str, country: str = "SN") -> Organisation:
        return Organisation.objects.create(name=name, kind=kind, country=country)

    return {
        "shelter": make("shelter", "Centre d'accueil Kédougou", "shelter"),
        "ngo": make("ngo", "ONG Jigeen", "ngo"),
        "health": make("health", "Centre de santé Kédougou", "health"),
        "police": make("police", "Division traite", "police"),
        "court": make("court", "TGI Kédougou", "court"),
        "ministry": make("ministry", "Cellule nationale", "ministry"),
        "iom": make("iom", "OIM Dakar", "international"),
        "foreign_shelter": make("foreign_shelter", "Centre Kayes", "shelter", "ML"),
    }


@pytest.fixture
def users(orgs: dict[str, Any]) -> dict[str, Any]:
    """One user per role, plus a case worker of another organisation (`other_worker`)."""
    from jokko.accounts.models import User

    spec = {
        "coordinator": ("coordinator", "ministry"),
        "worker": ("case_worker", "shelter"),
        "other_worker": ("case_worker", "ngo"),
        "health_worker": ("case_worker", "health"),
        "investigator": ("investigator", "police"),
        "prosecutor": ("prosecutor", "court"),
        "analyst": ("analyst", "ministry"),
        "reporter": ("community_reporter", "ngo"),
        "admin": ("node_admin", "ministry"),
        "programme": ("programme_officer", "ministry"),
    }
    made = {}
    for key, (role, org) in spec.items():
        user = User.objects.create_user(
            username=key, password="pw-" + key + "-2026", role=role, organisation=orgs[org]
        )
        made[key] = user
    return made


@pytest.fixture
def make_case(users: dict[str, Any]) -> Callable[..., Any]:
    """Register a survivor through the real action; keyword arguments override defaults."""
    from jokko.cases.actions import CaseInput, register_survivor
    from jokko.people.actions import PersonInput

    def make(name: str = "Aïssatou Diallo", worker: Any = None, **case_fields: Any) -> Any:
        person = PersonInput(
            names=[name], sex=_first_code("sex"), birth_year=2007, nationality="NG"
        )
        fields = {
            "case_type": "tip",
            "identification_source": _first_code("identification_source"),
            "identified_on": datetime.date.today() - 3 * DAY,
            "place_code": _town("SN"),
        }
        fields.update(case_fields)
        case, _ = register_survivor(worker or users["worker"], person, CaseInput(**fields))
        return case

    return make


def _first_code(vocab: str) -> str:
    from jokko.taxonomy import vocabulary

    return vocabulary(vocab).terms[0].code


def _town(country: str) -> str:
    from jokko.gazetteer import places_in

    return places_in(country, kind="town")[0].code


@pytest.fixture
def consented_case(make_case: Callable[..., Any], users: dict[str, Any]) -> Any:
    """A case screened and consented to referral, return, embassy and statistics, in assistance."""
    from jokko.cases import actions

    case = make_case()
    worker = users["worker"]
    today = datetime.date.today()
    actions.record_screening(worker, case, outcome="presumed_victim", screened_on=today)
    actions.record_consent(
        worker, case, scopes=["referral", "return", "embassy", "statistics"], given_on=today
    )
    return actions.transition_case(worker, case, "assistance")


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client
