"""Every indicator of the catalogue on the hand-made data set of `dataset.py`, answers by hand.

The expected values below are worked out from the tables in `dataset.py`'s docstrings, not
computed: if the SQL of an indicator changes meaning, this test says which figure moved.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.analytics import store
from jokko.analytics.catalogue import INDICATORS, UnknownDisaggregation
from jokko.analytics.filters import FilterError, Filters
from tests.analytics.dataset import build

Y2025 = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
ALL = Filters()

# (indicator, disaggregation or None, filters) -> total, or {group: value}
EXPECTED: list[tuple[str, str | None, Filters, Any]] = [
    # Four survivors (A, B, C, D); A has two cases and counts once.
    ("survivors_identified", None, ALL, 4),
    ("survivors_identified", None, Y2025, 3),
    ("survivors_identified", "sex", ALL, {"female": 3, "male": 1}),
    ("survivors_identified", "age_band", ALL, {"0-11": 1, "12-17": 1, "25-34": 2}),
    ("survivors_identified", "nationality", ALL, {"GN": 1, "NG": 2, "SN": 1}),
    (
        "survivors_identified",
        "exploitation_type",
        ALL,
        {
            "domestic_servitude": 1,
            "forced_begging_talibe": 1,
            "forced_labour": 1,
            "sexual_exploitation": 2,
        },
    ),
    ("survivors_identified", "quarter", ALL, {"2024-Q4": 1, "2025-Q1": 2, "2025-Q2": 2}),
    ("survivors_identified", "region", ALL, {"SN-DK": 1, "SN-KE": 3}),
    (
        "survivors_identified",
        "identification_source",
        ALL,
        {"ngo": 1, "police": 2, "vigilance_committee": 1},
    ),
    ("survivors_identified", None, Filters(region="SN-KE"), 3),
    ("survivors_identified", None, Filters(region="SN"), 4),
    ("survivors_identified", None, Filters(region="ML"), 0),
    ("survivors_identified", None, Filters(exploitation_type="sexual_exploitation"), 2),
    ("survivors_referred", None, ALL, 3),
    (
        "survivors_referred",
        "service_type",
        ALL,
        {"legal_aid": 1, "medical": 1, "psychosocial": 1, "shelter": 1},
    ),
    ("survivors_referred", None, Filters(end=datetime.date(2025, 2, 28)), 1),
    ("referrals_made", None, ALL, 4),
    ("referrals_made", None, Filters(region="SN-DK"), 1),  # joins cases for the region
    ("referrals_made", "status", ALL, {"accepted": 1, "completed": 1, "refused": 1, "sent": 1}),
    ("survivors_assisted", None, ALL, 3),
    ("survivors_assisted", None, Y2025, 2),
    ("services_delivered", None, ALL, 4),
    ("services_delivered", "service_type", ALL, {"legal_aid": 1, "medical": 2, "shelter": 1}),
    ("voluntary_returns", None, ALL, 1),
    ("voluntary_returns", "destination_country", ALL, {"GN": 1}),
    ("voluntary_returns", None, Filters(end=datetime.date(2025, 6, 30)), 0),
    ("survivors_reintegrated", None, ALL, 1),
    ("survivors_reintegrated", "month", ALL, {"2025-06": 1}),
    ("survivors_in_school", None, ALL, 3),
    ("children_in_school", None, ALL, 2),
    ("children_in_school", "sex", ALL, {"female": 1, "male": 1}),
    # Answers after 2, 4 and 1 days; the referral still "sent" has no answer yet.
    ("referral_response_days", None, ALL, 2.0),
    ("referral_response_days", "status", ALL, {"accepted": 2.0, "completed": 1.0, "refused": 4.0}),
    # Gaps between steps: screened 2,1,3,2; assistance 3,4,1,2; return 6,3; reintegration 30.
    ("case_step_days", None, ALL, 3.0),
    ("case_step_days", None, Filters(region="SN-DK"), 2.5),  # B only: 1 and 4 days
    (
        "case_step_days",
        "step",
        ALL,
        {"assistance": 2.5, "reintegration": 30.0, "return": 4.5, "screened": 2.0},
    ),
    # Every open referral is due in the future (the default delay) and no follow-up is planned.
    ("referrals_overdue", None, ALL, 0),
    ("followups_overdue", None, ALL, 0),
    ("incidents_recorded", None, ALL, 3),
    ("incidents_recorded", None, Y2025, 2),
    ("incidents_recorded", "kind", ALL, {"boat_interception": 1, "raid_rescue": 2}),
    ("incidents_recorded", "offence", ALL, {"som": 2, "tip": 2}),
    ("incidents_recorded", None, Filters(region="SN-SL"), 1),
    ("migrants_counted", None, ALL, 52),
    ("migrants_counted", "kind", ALL, {"boat_interception": 52, "raid_rescue": 0}),
    ("prosecutions_opened", None, ALL, 2),
    ("prosecutions_opened", "offence", ALL, {"som": 2, "tip": 1}),
    ("convictions", None, ALL, 2),
    ("convictions", "offence", ALL, {"som": 1, "tip": 1}),
    ("convictions", None, Filters(end=datetime.date(2025, 9, 30)), 0),
    ("conviction_rate", None, ALL, 0.6667),
    ("participants_trained", None, ALL, 7),
    ("participants_trained", "topic", ALL, {"t-investigate": 5, "t-legal": 3}),
    ("participants_trained", "country", ALL, {"MR": 3, "SN": 4}),
    ("participants_trained", "sex", ALL, {"female": 3, "male": 4}),
    ("participants_trained", None, Filters(region="MR"), 3),
    ("magistrates_trained", None, ALL, 3),
    ("officers_trained", None, ALL, 2),
    ("trainers_trained", None, ALL, 3),
    # The seed's "magistrates and law enforcement officers": T2's three and T3's two.
    ("justice_actors_trained", None, ALL, 5),
    ("justice_actors_trained", "country", ALL, {"MR": 2, "SN": 3}),
    ("community_reports", None, ALL, 6),
    ("community_reports", "channel", ALL, {"committee": 2, "hotline": 4}),
    (
        "community_reports",
        "status",
        ALL,
        {"case": 2, "dismissed": 1, "duplicate": 1, "new": 1, "triaged": 1},
    ),
    # Five reports once the duplicate is left out, two of them became a case.
    ("report_case_conversion", None, ALL, 0.4),
]


@pytest.fixture
def hand_made(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    data = build(users, orgs)
    store.refresh(full=True)
    return data


def _value(rows: list[dict[str, Any]], by: str | None) -> Any:
    if by is None:
        assert len(rows) == 1
        return rows[0]["value"]
    return {row[by]: row["value"] for row in rows}


def test_every_indicator_on_the_hand_made_data_set(hand_made: Any) -> None:
    wrong = []
    with store.connect() as conn:
        for code, by, filters, expected in EXPECTED:
            got = _value(INDICATORS[code].compute(conn, filters, by=by or ()), by)
            if got != expected:
                wrong.append(f"{code} by {by} {filters}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_every_catalogue_indicator_is_checked_above() -> None:
    assert {code for code, *_ in EXPECTED} == set(INDICATORS)


def test_two_disaggregations_at_once_topic_by_country(hand_made: Any) -> None:
    """The seed report's table: participants by workshop topic and country."""
    with store.connect() as conn:
        rows = INDICATORS["participants_trained"].compute(conn, ALL, by=["topic", "country"])
    assert {(r["topic"], r["country"]): r["value"] for r in rows} == {
        ("t-legal", "SN"): 2,
        ("t-legal", "MR"): 1,
        ("t-investigate", "SN"): 3,
        ("t-investigate", "MR"): 2,
    }


def test_organisation_filter(hand_made: Any, orgs: dict[str, Any]) -> None:
    indicator = INDICATORS["survivors_identified"]
    with store.connect() as conn:
        mine = indicator.compute(conn, Filters(organisation_id=orgs["shelter"].pk))
        other = indicator.compute(conn, Filters(organisation_id=orgs["ngo"].pk))
    assert mine[0]["value"] == 4
    assert other[0]["value"] == 0


def test_every_disaggregation_of_every_indicator_runs(hand_made: Any) -> None:
    with store.connect() as conn:
        for indicator in INDICATORS.values():
            for by in indicator.disaggregations:
                rows = indicator.compute(conn, Y2025, by=by)
                assert all(by in row and "value" in row and "n" in row for row in rows)


def test_unknown_disaggregation_and_bad_filters_are_refused(hand_made: Any) -> None:
    with store.connect() as conn, pytest.raises(UnknownDisaggregation):
        INDICATORS["convictions"].compute(conn, ALL, by="nationality")
    with pytest.raises(FilterError):
        Filters.from_query({"start": "2025-13-01"})
    with pytest.raises(FilterError):
        Filters.from_query({"start": "2025-06-01", "end": "2025-01-01"})
    with pytest.raises(FilterError):
        Filters.from_query({"region": "XX-NOWHERE"})
    with pytest.raises(FilterError):
        Filters.from_query({"exploitation_type": "'; DROP TABLE cases; --"})
    assert Filters.from_query({"region": "sn-ke", "start": "2025-01-01"}) == Filters(
        start=datetime.date(2025, 1, 1), region="SN-KE"
    )
