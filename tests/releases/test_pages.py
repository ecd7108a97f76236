"""The release pages as a coordinator and as the other roles would use them."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.releases.models import Release
from jokko.releases.source import age_on, case_source_rows
from tests.conftest import login
from tests.releases.helpers import CASE_VARIABLES, make_cases

pytestmark = pytest.mark.django_db


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "kanon",
        "variables": CASE_VARIABLES,
        "k": "11",
        "max_suppression_percent": "10",
        "max_tvd_percent": "10",
        "epsilon": "1.0",
        "dp_min_count": "10",
    }
    data.update(overrides)
    return data


@pytest.fixture
def caseload(users: dict[str, Any]) -> list[Any]:
    """14 talibé boys identified at Kidira in 2025, and one Malian woman in 2024 (unique)."""
    cases = make_cases(users["worker"], 14)
    cases += make_cases(
        users["worker"],
        1,
        sex="female",
        nationality="ML",
        birth_year=1999,
        identified_on=datetime.date(2024, 7, 2),
        exploitation_types=["sexual_exploitation_prostitution"],
    )
    return cases


def test_coordinator_publishes_a_k_anonymous_release_and_downloads_it(
    client: Any, users: dict[str, Any], caseload: list[Any]
) -> None:
    login(client, users["coordinator"])
    assert client.get(reverse("release-list")).status_code == 200
    page = client.get(reverse("release-new"))
    assert page.status_code == 200 and b"age_band" in page.content

    response = client.post(reverse("release-new"), form())
    release = Release.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("release-detail", kwargs={"release_id": release.pk})
    assert release.status == "published"

    detail = client.get(response["Location"]).content.decode()
    assert "Published" in detail and release.sha256 in detail
    assert 'id="smallest-group">14<' in detail  # the unique woman was suppressed
    assert 'id="records-suppressed">1 ' in detail

    download = client.get(reverse("release-download", kwargs={"release_id": release.pk}))
    content = b"".join(download.streaming_content) if download.streaming else download.content
    assert hashlib.sha256(content).hexdigest() == release.sha256
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[0] == CASE_VARIABLES
    assert rows[1:] == [["2025", "SN", "male", "tip"]] * 14
    assert b"Mamadou" not in content and b"KIDIRA" not in content
    actions = list(
        AuditEntry.objects.filter(object_type="release").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "download"]


def test_a_refused_release_keeps_its_reports_but_has_no_file(
    client: Any, users: dict[str, Any], caseload: list[Any]
) -> None:
    login(client, users["coordinator"])
    response = client.post(reverse("release-new"), form(max_suppression_percent="0"))
    release = Release.objects.get()
    assert release.status == "refused" and release.content is None and release.sha256 == ""
    assert release.disclosure_report["before"]["smallest_group"] == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Refused" in detail and "would suppress 1 of 15 cases" in detail
    assert "release-download" not in detail
    url = reverse("release-download", kwargs={"release_id": release.pk})
    assert client.get(url).status_code == 404


def test_a_dp_release_from_the_page(
    client: Any, users: dict[str, Any], caseload: list[Any]
) -> None:
    login(client, users["coordinator"])
    client.post(
        reverse("release-new"),
        form(kind="dp", epsilon="2", max_tvd_percent="100", dp_pairs="on"),
    )
    release = Release.objects.get()
    assert release.kind == "dp" and release.status == "published"
    assert release.disclosure_report["epsilon_spent"] == pytest.approx(2.0)
    assert release.content is not None
    header = bytes(release.content).decode().splitlines()[0]
    assert header == "table,value,count,suppressed"
    # 4 one-way tables and 6 pairwise ones share the budget: 0.2 each.
    tables = release.disclosure_report["tables"]
    assert len(tables) == 10 and tables["year x sex"]["epsilon"] == pytest.approx(0.2)
    assert "sex x case_type" in release.utility_report["pairs"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"k": "1"}, "k", "k must be at least 2."),
        ({"variables": ["year", "shoe_size"]}, "variables", "Unknown variables: shoe_size."),
        ({"variables": []}, "variables", "Choose at least one variable."),
        ({"epsilon": "abc"}, "epsilon", "Epsilon must be greater than 0"),
        ({"kind": "synthetic"}, "kind", "Unknown release kind"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    client: Any, users: dict[str, Any], overrides: dict[str, Any], field: str, message: str
) -> None:
    login(client, users["coordinator"])
    before = AuditEntry.objects.count()
    response = client.post(reverse("release-new"), form(**overrides))
    assert response.status_code == 400
    assert f'data-field="{field}">{message}' in response.content.decode()
    assert not Release.objects.exists()
    assert AuditEntry.objects.count() == before


def test_analysts_read_releases_but_do_not_run_them(
    client: Any, users: dict[str, Any], caseload: list[Any]
) -> None:
    login(client, users["coordinator"])
    client.post(reverse("release-new"), form())
    release = Release.objects.get()
    client.logout()
    login(client, users["analyst"])
    assert client.get(reverse("release-list")).status_code == 200
    assert (
        client.get(reverse("release-detail", kwargs={"release_id": release.pk})).status_code == 200
    )
    assert client.get(reverse("release-new")).status_code == 403
    assert client.post(reverse("release-new"), form()).status_code == 403
    assert Release.objects.count() == 1
    client.logout()
    login(client, users["worker"])
    assert client.get(reverse("release-list")).status_code == 403
    assert (
        client.get(reverse("release-detail", kwargs={"release_id": release.pk})).status_code == 404
    )


def test_the_source_holds_no_identity(users: dict[str, Any], caseload: list[Any]) -> None:
    rows = list(case_source_rows())
    assert len(rows) == 15
    assert set(rows[0]) == {
        "identified_on",
        "identification_place",
        "exploitation_place",
        "citizenship",
        "sex",
        "age",
        "exploitation_types",
        "means_of_control",
        "recruiter_relation",
        "case_type",
    }
    assert "Mamadou" not in repr(rows)
    assert rows[0]["age"] == 11 and rows[0]["exploitation_types"] == "forced_begging_talibe"


def test_age_at_identification() -> None:
    day = datetime.date(2025, 3, 1)
    assert age_on(day, datetime.date(2007, 3, 1), None) == 18
    assert age_on(day, datetime.date(2007, 3, 2), None) == 17
    assert age_on(day, None, 2010) == 15
    assert age_on(day, None, None) is None
