"""Small-count suppression (primary and complementary) and who sees what, on pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.analytics import store
from jokko.analytics.catalogue import INDICATORS
from jokko.analytics.filters import Filters
from jokko.analytics.suppress import suppress_rows, suppress_small
from tests.analytics.dataset import build
from tests.conftest import login


def cells(**counts: int) -> list[dict[str, Any]]:
    return [{"group": k, "value": v, "n": v} for k, v in counts.items()]


def shown(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["group"]: row["value"] for row in rows}


def test_primary_rule_hides_one_to_threshold_minus_one_but_not_zero() -> None:
    assert [suppress_small(v, 5) for v in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
    assert suppress_small(3, 3) == 3


def test_a_lone_suppressed_cell_drags_the_smallest_visible_one_with_it() -> None:
    # 20 = 12 + 5 + 3: with the total published, hiding only the 3 would be undone by 20-12-5.
    rows, total = suppress_rows(cells(a=12, b=5, c=3), total=20, threshold=5)
    assert shown(rows) == {"a": 12, "b": None, "c": None}
    assert total == 20


def test_two_suppressed_cells_need_no_complement() -> None:
    rows, total = suppress_rows(cells(a=12, b=2, c=3, d=0), total=17, threshold=5)
    assert shown(rows) == {"a": 12, "b": None, "c": None, "d": 0}
    assert total == 17


def test_without_a_published_total_no_complement_is_needed() -> None:
    rows, _ = suppress_rows(cells(a=12, b=5, c=3), total=None, threshold=5)
    assert shown(rows) == {"a": 12, "b": 5, "c": None}


def test_a_small_total_is_itself_hidden() -> None:
    rows, total = suppress_rows(cells(a=3, b=1), total=4, threshold=5)
    assert total is None
    assert shown(rows) == {"a": None, "b": None}


def test_zero_cells_are_never_chosen_as_complement() -> None:
    rows, _ = suppress_rows(cells(a=9, z=0, c=2), total=11, threshold=5)
    assert shown(rows) == {"a": None, "z": 0, "c": None}


@pytest.fixture
def hand_made(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    data = build(users, orgs)
    store.refresh(full=True)
    return data


def test_indicator_tables_apply_both_rules(hand_made: Any) -> None:
    indicator = INDICATORS["survivors_identified"]
    with store.connect() as conn:
        # Threshold 2: male (1) is hidden, so female (3) goes too, or 4 - 3 would give it away.
        by_sex = indicator.table(conn, Filters(), "sex", threshold=2)
        # Threshold 5 (the default): everything here is small, the total too.
        default = indicator.table(conn, Filters(), "sex")
        exact = indicator.table(conn, Filters(), "sex", suppress=False)
        forms = indicator.table(conn, Filters(), "exploitation_type", suppress=False)
        rate = INDICATORS["report_case_conversion"].table(conn, Filters(), threshold=2)
        rate_small = INDICATORS["report_case_conversion"].table(conn, Filters(), threshold=3)
    assert {r["sex"]: r["value"] for r in by_sex["rows"]} == {"female": None, "male": None}
    assert by_sex["total"] == 4 and by_sex["suppressed"] == 2
    assert {r["sex"]: r["value"] for r in default["rows"]} == {"female": None, "male": None}
    assert default["total"] is None
    assert {r["sex"]: r["value"] for r in exact["rows"]} == {"female": 3, "male": 1}
    assert exact["total"] == 4
    # Forms overlap (B has two): the total counts survivors, not the sum of the cells.
    assert forms["total"] == 4 and sum(r["value"] for r in forms["rows"]) == 5
    # 2 of 5 reports: shown at threshold 2, hidden at 3 (the numerator, 2, is small).
    assert rate["total"] == 0.4
    assert rate_small["total"] is None


def api(user: Any) -> Client:
    client = Client()
    _, raw = ApiToken.issue(user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.cookies["django_language"] = "en"
    return client


def test_the_api_always_suppresses_even_for_coordinators(
    hand_made: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.JOKKO_SMALL_COUNT = 2
    for role in ("analyst", "coordinator"):
        body = (
            api(users[role])
            .get("/api/v1/analytics/indicators/survivors_identified?by=nationality")
            .json()
        )
        assert {r["nationality"]: r["value"] for r in body["rows"]} == {
            "GN": None,
            "NG": 2,
            "SN": None,
        }
        assert body["total"] == 4
        assert all(set(r) >= {"nationality", "value", "suppressed"} for r in body["rows"])
        assert body["small_count_threshold"] == 2


def test_api_filters_and_bad_input(hand_made: Any, users: dict[str, Any], settings: Any) -> None:
    settings.JOKKO_SMALL_COUNT = 1
    client = api(users["analyst"])
    url = "/api/v1/analytics/indicators/participants_trained"
    body = client.get(url, {"by": "topic,country", "start": "2025-01-01"}).json()
    assert {(r["topic"], r["country"]): r["value"] for r in body["rows"]} == {
        ("t-investigate", "MR"): 2,
        ("t-investigate", "SN"): 3,
        ("t-legal", "MR"): 1,
        ("t-legal", "SN"): 2,
    }
    assert client.get(url, {"start": "yesterday"}).status_code == 422
    assert client.get(url, {"by": "nationality"}).status_code == 422
    assert client.get("/api/v1/analytics/indicators/no_such_thing").status_code == 404


def test_role_limits_on_the_api(hand_made: Any, users: dict[str, Any]) -> None:
    catalogue = "/api/v1/analytics/indicators"
    assert api(users["worker"]).get(catalogue).status_code == 403
    assert api(users["investigator"]).get(catalogue).status_code == 403
    codes = {entry["code"] for entry in api(users["programme"]).get(catalogue).json()}
    assert codes == {
        "participants_trained",
        "magistrates_trained",
        "officers_trained",
        "trainers_trained",
        "justice_actors_trained",
    }
    assert api(users["programme"]).get(catalogue + "/convictions").status_code == 403
    assert api(users["programme"]).get(catalogue + "/magistrates_trained").status_code == 200
    assert api(users["worker"]).get(catalogue + "/magistrates_trained").status_code == 403
    everything = api(users["analyst"]).get(catalogue).json()
    assert {entry["code"] for entry in everything} == set(INDICATORS)
    entry = next(e for e in everything if e["code"] == "convictions")
    assert entry["name"] == "Convictions" and "offence" in entry["disaggregations"]


def test_pages_exact_for_coordinators_suppressed_for_analysts(
    hand_made: Any, users: dict[str, Any], client: Client
) -> None:
    url = "/analytics/indicators/survivors_identified/?by=sex"
    login(client, users["coordinator"])
    page = client.get(url).content.decode()
    assert 'id="indicator-total">4<' in page and "<td>female</td><td>3</td>" in page
    client.logout()
    login(client, users["analyst"])
    page = client.get(url).content.decode()
    dash = "\N{EN DASH}"  # what the page shows for a hidden figure
    assert f'id="indicator-total">{dash}<' in page and f"<td>female</td><td>{dash}</td>" in page
    assert "small-count-note" in page


def test_catalogue_page_shows_definitions_in_three_languages(
    users: dict[str, Any], client: Client
) -> None:
    login(client, users["analyst"])
    page = client.get("/analytics/").content.decode()
    assert "Survivants identifiés" in page and "الناجون الذين تم تحديد هويتهم" in page
    assert 'dir="rtl"' in page and "Survivors identified" in page


def test_coordinators_refresh_from_the_store_page(
    users: dict[str, Any], client: Client, make_case: Any
) -> None:
    make_case()
    login(client, users["coordinator"])
    assert client.post("/analytics/store/refresh/", {"full": "1"}).status_code == 302
    page = client.get("/analytics/store/").content.decode()
    assert "full rebuild" in page and "succeeded" in page
    assert 'id="pending-changes">0<' in page
