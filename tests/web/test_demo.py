"""The demo seed: every role has a login, cases sit at every stage, and it scales by bulk load."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from jokko.accounts.models import Role, User
from jokko.audit.actions import verify_chain
from jokko.cases.models import Case
from jokko.cooperation.models import JudicialRequest
from jokko.incidents.models import Incident
from jokko.people.models import Person
from jokko.prosecutions.models import Prosecution

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_every_role_a_login_and_cases_at_every_stage() -> None:
    out = StringIO()
    call_command("seed_demo", "--cases", "80", "--extra-persons", "300", stdout=out)
    assert {user.role for user in User.objects.all()} == set(Role.values)
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"identified", "assistance", "reintegration"} <= statuses
    # 80 synthetic survivors, plus the cases the hotline, ODK and HTCDS demos open through
    # their own channels; one survivor per case, the bulk-loaded persons, and suspects apart.
    cases = Case.objects.count()
    assert cases > 80
    assert Person.objects.filter(suspect_profile__isnull=True).count() == cases + 300
    chain = (Incident.objects.count(), Prosecution.objects.count(), JudicialRequest.objects.count())
    assert all(chain) and "justice-chain records seeded" in out.getvalue()
    assert verify_chain().ok
    call_command("seed_demo", "--cases", "80", stdout=out)  # idempotent: nothing added
    assert Case.objects.count() == cases
    assert chain == (
        Incident.objects.count(),
        Prosecution.objects.count(),
        JudicialRequest.objects.count(),
    )
    assert "already present" in out.getvalue()


def test_seeded_cases_follow_the_seeded_generator() -> None:
    from jokko.synth import generate_cases

    call_command("seed_demo", "--cases", "20", stdout=StringIO())
    # The synthetic cases come first; the hotline, ODK and HTCDS demos add theirs after.
    places = list(Case.objects.order_by("pk").values_list("place_code", flat=True))[:20]
    assert places == [case.place_code for case in generate_cases("SN", 20, seed=1)]
