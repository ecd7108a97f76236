"""The demo seeding goes through real ingestion and is idempotent."""

from __future__ import annotations

import pytest

from jokko.accounts.models import Organisation, User
from jokko.cases.models import Case
from jokko.community.models import CommunityReport
from jokko.odk.demo import seed_demo
from jokko.odk.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_cases_a_report_and_a_rejection_once() -> None:
    shelter = Organisation.objects.create(name="La Lumière", kind="shelter", country="SN")
    hotline = Organisation.objects.create(name="Ligne 116", kind="hotline", country="SN")
    User.objects.create_user(username="travailleuse", role="case_worker", organisation=shelter)
    User.objects.create_user(username="ecoute", role="case_worker", organisation=hotline)
    assert seed_demo() == 3
    assert Case.objects.count() == 2
    assert CommunityReport.objects.count() == 1
    rejected = Submission.objects.get(status=SubmissionStatus.REJECTED)
    assert "identification_source" in rejected.errors
    assert seed_demo() == 0
    assert Case.objects.count() == 2
