"""A programme officer in a real browser: a Senegal-Mauritania plan from creation to the
overdue list, the timeline (also in Arabic, right to left) and the programme indicators.

Counts nothing absolute: the browser server is seeded with the demo, whose plan may be there.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.browser.conftest import Server, log_in

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()


def _day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def test_programme_officer_plans_tracks_and_sees_what_is_late(
    browser: Any,
    server: Server,
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, server, "programme")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()

    page.click("#nav-actionplans")
    page.click("#plan-new")
    page.fill("#id_title", "Browser joint plan Senegal-Mauritania")
    page.check("#id_country_MR")
    page.fill("#id_starts_on", _day(-300))
    page.fill("#id_ends_on", _day(300))
    page.fill("#id_outcomes", "Intelligence shared across the border")
    page.click("#plan-submit")
    page.wait_for_selector("#plan-facts")

    # A refused activity (ends before it starts) shows the message and keeps the form.
    page.click("summary:has-text('Add an activity')")
    page.fill("#id_activity_title", "Monthly intelligence sharing meeting (browser)")
    page.fill("#id_activity_starts_on", _day(-100))
    page.fill("#id_activity_ends_on", _day(-200))
    page.fill("#id_responsible_note", "Border control agencies, UNODC")
    page.click("#activity-submit")
    assert "The end date must not be before the start date" in page.inner_text("#form-errors")
    page.fill("#id_activity_ends_on", _day(-20))
    page.click("#activity-submit")
    page.wait_for_selector("tr.activity.overdue")

    page.click("#plan-meeting-link")
    page.fill("#id_held_on", _day(-10))
    page.fill("#id_place", "Rosso")
    page.fill("#id_participants", "Police (SN), Gendarmerie (MR), UNODC")
    page.fill("#id_decision_text_1", "Name a focal point per country (browser)")
    page.fill("#id_decision_responsible_1", "Ministries of interior")
    page.fill("#id_decision_due_1", _day(-2))
    page.click("#meeting-submit")
    page.wait_for_selector("article.meeting")

    page.click("#nav-plan-overdue")
    page.wait_for_selector("#overdue-activities")
    overdue = page.inner_text("main") if page.query_selector("main") else page.content()
    assert "Monthly intelligence sharing meeting (browser)" in overdue
    assert "Name a focal point per country (browser)" in overdue

    page.go_back()
    page.click("#plan-timeline-link")
    page.wait_for_selector("#plan-timeline")
    assert page.query_selector(".gantt-row.overdue .gantt-bar") is not None
    assert page.query_selector(".gantt-today") is not None
    english_bar = page.query_selector(".gantt-row.overdue .gantt-bar").bounding_box()
    page.click("button[name=language][value=ar]")
    page.wait_for_selector("html[dir=rtl] #plan-timeline")
    assert page.get_attribute("html", "dir") == "rtl"
    arabic_bar = page.query_selector(".gantt-row.overdue .gantt-bar").bounding_box()
    assert arabic_bar["x"] != english_bar["x"]  # mirrored, not merely translated
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[dir=ltr] #plan-timeline")

    page.click("#nav-programmes")
    page.wait_for_selector("#plans-overdue")
    assert page.inner_text("#plans-overdue") != "0"
    context.close()
