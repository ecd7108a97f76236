"""The dashboard pages on the hand-made data set of tests/analytics/dataset.py.

Expected figures are written by hand from the tables in that file's docstrings: four survivors
(A, B, C, D; A has two cases), four referrals, four services, one return, one reintegration.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from jokko.analytics import store
from jokko.analytics.catalogue import INDICATORS
from jokko.analytics.filters import Filters
from jokko.dashboards.presenting import display
from jokko.dashboards.specs import DASHBOARDS, FIGURES, FUNNEL
from tests.conftest import login
from tests.dashboards.helpers import page_tables

# (dashboard, table) -> {row key: shown value}; "__total__" is the table's total line.
EXACT: dict[tuple[str, str], dict[str, str]] = {
    ("survivors", "month"): {
        "2024-12": "1",
        "2025-02": "1",
        "2025-03": "1",
        "2025-05": "1",
        "2025-06": "1",
        "__total__": "4",
    },
    ("survivors", "form"): {
        "domestic_servitude": "1",
        "forced_begging_talibe": "1",
        "forced_labour": "1",
        "sexual_exploitation": "2",
        "__total__": "4",
    },
    ("survivors", "sex"): {"female": "3", "male": "1", "__total__": "4"},
    ("survivors", "age"): {"0-11": "1", "12-17": "1", "25-34": "2", "__total__": "4"},
    ("survivors", "nationality"): {"GN": "1", "NG": "2", "SN": "1", "__total__": "4"},
    ("survivors", "region"): {"SN-DK": "1", "SN-KE": "3", "__total__": "4"},
    ("referrals", "funnel"): {
        "survivors_identified": "4",
        "survivors_referred": "3",
        "survivors_assisted": "3",
        "voluntary_returns": "1",
        "survivors_reintegrated": "1",
    },
    # Gaps between steps: screened 2,1,3,2; assistance 3,4,1,2; return 6,3; reintegration 30.
    ("referrals", "step-days"): {
        "assistance": "2.5",
        "reintegration": "30.0",
        "return": "4.5",
        "screened": "2.0",
        "__total__": "3.0",
    },
    ("referrals", "response-days"): {
        "legal_aid": "1.0",
        "medical": "2.0",
        "psychosocial": "4.0",
        "__total__": "2.0",
    },
    ("referrals", "referral-status"): {
        "accepted": "1",
        "completed": "1",
        "refused": "1",
        "sent": "1",
        "__total__": "4",
    },
    ("services", "type"): {"legal_aid": "1", "medical": "2", "shelter": "1", "__total__": "4"},
    ("justice", "figures"): {
        "prosecutions_opened": "2",
        "convictions": "2",
        "conviction_rate": "66.7 %",
        "incidents_recorded": "3",
        "migrants_counted": "52",
    },
    ("justice", "prosecutions-offence"): {"som": "2", "tip": "1", "__total__": "2"},
    ("justice", "convictions-offence"): {"som": "1", "tip": "1", "__total__": "2"},
    ("justice", "incidents-kind"): {"boat_interception": "1", "raid_rescue": "2", "__total__": "3"},
    ("returns", "figures"): {
        "voluntary_returns": "1",
        "survivors_reintegrated": "1",
        "survivors_in_school": "3",
        "children_in_school": "2",
    },
    ("returns", "destination"): {"GN": "1", "__total__": "1"},
    ("overdue", "figures"): {"referrals_overdue": "0", "followups_overdue": "0"},
}


def url(slug: str, **query: str) -> str:
    base = "/dashboards/" if slug == "overview" else f"/dashboards/{slug}/"
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def tables(client: Client, slug: str, **query: str) -> dict[str, dict[str, str]]:
    response = client.get(url(slug, **query))
    assert response.status_code == 200
    return page_tables(response.content.decode())


def test_coordinators_see_the_exact_figures_worked_out_by_hand(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    login(client, users["coordinator"])
    pages = {slug: tables(client, slug) for slug in {slug for slug, _ in EXACT}}
    wrong = [
        f"{slug}/{table}: expected {expected}, got {pages[slug].get(table)}"
        for (slug, table), expected in EXACT.items()
        if pages[slug].get(table) != expected
    ]
    assert not wrong, "\n".join(wrong)


def test_every_table_on_every_dashboard_equals_the_catalogue(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    """Pages, API and reports agree because every figure is the catalogue's own."""
    login(client, users["coordinator"])
    with store.connect() as conn:
        for dashboard in DASHBOARDS:
            shown = tables(client, dashboard.slug)
            for chart in dashboard.charts:
                if chart.kind in (FUNNEL, FIGURES):
                    expected = {}
                    for code in chart.steps:
                        table = INDICATORS[code].table(conn, Filters(), suppress=False)
                        expected[code] = display(
                            table["total"], False, INDICATORS[code].aggregate.value, 5
                        )
                else:
                    indicator = INDICATORS[chart.indicator]
                    table = indicator.table(conn, Filters(), [chart.by], suppress=False)
                    aggregate = indicator.aggregate.value
                    expected = {
                        str(row[chart.by]): display(row["value"], False, aggregate, 5)
                        for row in table["rows"]
                    }
                    expected["__total__"] = display(table["total"], False, aggregate, 5)
                assert shown[chart.slug] == expected, (dashboard.slug, chart.slug)


def test_analysts_see_small_counts_as_less_than_five_never_zero(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    login(client, users["analyst"])
    response = client.get(url("survivors"))
    page = response.content.decode()
    shown = page_tables(page)
    # Every count here is below 5, the total (4) too: all hidden, none shown as 0.
    assert shown["sex"] == {"female": "< 5", "male": "< 5", "__total__": "< 5"}
    assert set(shown["nationality"].values()) == {"< 5"}
    assert 'id="small-count-note"' in page and 'id="exact-note"' not in page
    # The chart data carries no hidden figure either.
    assert '"values": [null, null]' in page
    funnel = tables(client, "referrals")["funnel"]
    assert set(funnel.values()) == {"< 5"}
    # Zero is shown: it reveals nobody.
    assert tables(client, "overdue")["figures"] == {
        "referrals_overdue": "0",
        "followups_overdue": "0",
    }


def test_analysts_complementary_suppression_with_a_lower_threshold(
    hand_made: Any, users: dict[str, Any], client: Client, settings: Any
) -> None:
    settings.JOKKO_SMALL_COUNT = 2
    login(client, users["analyst"])
    shown = tables(client, "survivors")
    # Male (1) is hidden, so female (3) goes too, or 4 - 3 would give it away.
    assert shown["sex"] == {"female": "< 2", "male": "< 2", "__total__": "4"}
    assert shown["nationality"] == {"GN": "< 2", "NG": "2", "SN": "< 2", "__total__": "4"}


def test_other_roles_are_refused(hand_made: Any, users: dict[str, Any], client: Client) -> None:
    for role in ("worker", "investigator", "prosecutor", "reporter", "admin", "programme"):
        client.logout()
        login(client, users[role])
        for path in ("/dashboards/", "/dashboards/justice/", "/dashboards/survivors/csv/"):
            response = client.get(path)
            assert response.status_code == 403, (role, path)
            assert b"sexual_exploitation" not in response.content
    client.logout()
    assert client.get("/dashboards/").status_code == 302  # to the login page


def test_unknown_dashboard_is_404(users: dict[str, Any], client: Client) -> None:
    login(client, users["coordinator"])
    assert client.get("/dashboards/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "SN-DK"}, {"female": "1", "__total__": "1"}),
        ({"region": "SN"}, {"female": "3", "male": "1", "__total__": "4"}),
        ({"region": "ML"}, {"__total__": "0"}),
        ({"quarter": "2025-Q1"}, {"female": "2", "__total__": "2"}),
        (
            {"start": "2025-01-01", "end": "2025-12-31"},
            {"female": "2", "male": "1", "__total__": "3"},
        ),
        ({"exploitation_type": "sexual_exploitation"}, {"female": "2", "__total__": "2"}),
    ],
)
def test_filters(
    hand_made: Any,
    users: dict[str, Any],
    client: Client,
    query: dict[str, str],
    expected: dict[str, str],
) -> None:
    login(client, users["coordinator"])
    assert tables(client, "survivors", **query)["sex"] == expected


def test_organisation_filter(
    hand_made: Any, users: dict[str, Any], orgs: dict[str, Any], client: Client
) -> None:
    login(client, users["coordinator"])
    mine = tables(client, "survivors", organisation=str(orgs["shelter"].pk))
    other = tables(client, "survivors", organisation=str(orgs["ngo"].pk))
    assert mine["sex"]["__total__"] == "4" and other["sex"]["__total__"] == "0"


def test_filters_a_chart_cannot_honour_are_named_under_it(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    login(client, users["coordinator"])
    page = client.get(url("justice", region="SN-KE")).content.decode()
    # Prosecutions have no place in the store: the note says the region was not applied.
    assert "Not filtered by: region" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2025-13-01"}, "start must be a date written YYYY-MM-DD."),
        ({"start": "2025-06-01", "end": "2025-01-01"}, "The start of the period is after its end."),
        ({"region": "XX-NOWHERE"}, "Unknown region code: XX-NOWHERE."),
        ({"exploitation_type": "'; DROP TABLE cases; --"}, "Unknown form of exploitation"),
        ({"organisation": "abc"}, "organisation must be a number."),
        ({"quarter": "2025-Q7"}, "A quarter is written like 2025-Q3."),
    ],
)
def test_bad_filters_give_a_clear_message_and_change_nothing(
    hand_made: Any,
    users: dict[str, Any],
    client: Client,
    query: dict[str, str],
    message: str,
) -> None:
    login(client, users["coordinator"])
    response = client.get("/dashboards/survivors/", query)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in page
    import html

    assert message in html.unescape(page)
    # The figures are those of no filter at all, and the store is untouched.
    assert page_tables(page)["sex"] == {"female": "3", "male": "1", "__total__": "4"}
    with store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (5,)
    assert client.get("/dashboards/survivors/csv/", query).status_code == 400


def test_overdue_work_by_organisation(
    hand_made: Any, users: dict[str, Any], orgs: dict[str, Any], client: Client
) -> None:
    from jokko.cases import actions
    from jokko.cases.models import Referral

    # C's shelter referral (still "sent") was due long ago; D has a planned follow-up past due.
    Referral.objects.filter(case=hand_made.cases["C"]).update(due_on=datetime.date(2025, 6, 1))
    actions.plan_follow_up(
        users["worker"], hand_made.cases["D"], kind="schooling", due_on=datetime.date.today()
    )
    from jokko.cases.models import FollowUp

    FollowUp.objects.filter(status="planned").update(due_on=datetime.date(2025, 2, 1))
    store.refresh(full=True)
    login(client, users["coordinator"])
    shown = tables(client, "overdue")
    assert shown["figures"] == {"referrals_overdue": "1", "followups_overdue": "1"}
    assert shown["referrals-organisation"] == {str(orgs["ngo"].pk): "1", "__total__": "1"}
    assert shown["followups-organisation"] == {str(orgs["shelter"].pk): "1", "__total__": "1"}
    page = client.get(url("overdue")).content.decode()
    assert "ONG Jigeen" in page and "Centre d&#x27;accueil Kédougou" in page
    # Due dates in the period: a period before them shows nothing overdue.
    before = tables(client, "overdue", end="2025-01-31")
    assert before["figures"] == {"referrals_overdue": "0", "followups_overdue": "0"}


def test_csv_download_is_suppressed_even_for_coordinators(
    hand_made: Any, users: dict[str, Any], client: Client, settings: Any
) -> None:
    settings.JOKKO_SMALL_COUNT = 2
    login(client, users["coordinator"])
    response = client.get("/dashboards/survivors/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("chart,indicator,disaggregation,category,label,value,suppressed")
    by_sex = {line.split(",")[3]: line.split(",")[5:7] for line in lines if line.startswith("sex,")}
    assert by_sex == {"female": ["", "yes"], "male": ["", "yes"], "total": ["4", "no"]}


def test_arabic_pages_are_right_to_left_and_translated(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    login(client, users["coordinator"])
    client.cookies["django_language"] = "ar"
    page = client.get(url("survivors")).content.decode()
    assert 'dir="rtl"' in page
    assert "غينيا" in page  # Guinea, the nationality of survivor C
    assert page_tables(page)["sex"]["__total__"] == "4"


def test_navigation_link_only_for_allowed_roles(users: dict[str, Any], client: Client) -> None:
    for role, shown in (("coordinator", True), ("analyst", True), ("worker", False)):
        client.logout()
        login(client, users[role])
        assert ('id="nav-dashboards"' in client.get("/").content.decode()) is shown, role


def test_tabs_and_the_download_keep_the_filters(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    login(client, users["coordinator"])
    page = client.get(url("survivors", region="SN-DK", start="2025-01-01")).content.decode()
    kept = "start=2025-01-01&amp;region=SN-DK"
    assert f'href="/dashboards/survivors/csv/?{kept}"' in page
    assert f'href="/dashboards/justice/?{kept}"' in page
    csv_lines = client.get("/dashboards/survivors/csv/?region=SN-DK").content.decode()
    # Leaving the node: the total (1) is small, so hidden even for a coordinator.
    assert "sex,survivors_identified,sex,total,Total,,yes,..,SN-DK" in csv_lines
