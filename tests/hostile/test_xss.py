"""Script payloads stored through the actions and forms come back escaped on every page.

Free text from each domain (a survivor's name, an alias typed into the form, a case summary,
an incident summary and a suspect's name, a training title and a trainee's agency, a received
bulletin's title and summary, a joint action plan and its activity, a community report) holds
an XSS payload. Then each role crawls the node like a user, following every same-site link
from every page it can open, and no HTML or SVG page may carry the payload unescaped or a
`javascript:` URL. New pages are crawled as soon as something links to them.
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.hostile.test_csrf_and_routes import ROUTES

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCRIPT = '<script>alert("jk")</script>Awa'
IMG = '"><img src=x onerror=alert(1)>Fatou'
JS_URL = "javascript:alert(document.cookie)"
RAW_MARKERS = (b'<script>alert("jk")', b"<img src=x onerror")
ESCAPED = re.compile(rb"&lt;script&gt;alert\(|&lt;img src=x onerror")
JS_ATTRIBUTE = re.compile(rb"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
LINK = re.compile(rb"""href="(/[^"#]*)""")
SKIP = ("/accounts/logout", "/static/", "/admin/", "/i18n/", "/api/")
PAGES_PER_ROLE = 100


def _seed(users: dict[str, Any], make_case: Any) -> None:
    from jokko.actionplans import actions as plans
    from jokko.community.actions import submit_report
    from jokko.incidents.actions import SuspectInput, record_incident
    from jokko.trainings.actions import add_participants
    from tests.bulletins.helpers import received_bulletin
    from tests.community.helpers import community_network, report_input
    from tests.incidents.conftest import interception
    from tests.trainings.helpers import make_training, programme_user, row

    case = make_case(name=SCRIPT + " Diallo", summary=IMG + " " + JS_URL)
    # An alias typed into the person page's form, as a case worker would.
    client = login(Client(), users["worker"])
    response = client.post(
        reverse("person-alias", kwargs={"person_id": case.person_id}), {"name": IMG + " Sow"}
    )
    assert response.status_code == 302
    record_incident(
        users["investigator"],
        interception(
            summary=SCRIPT,
            suspects=[SuspectInput(name=IMG + " Keita", sex="male", nationality="ML")],
        ),
    )
    event = make_training(title=SCRIPT)
    add_participants(programme_user(), event, [row(IMG + " Ndiaye", agency=SCRIPT)])
    received_bulletin(title=SCRIPT, summary=IMG + JS_URL)
    today = datetime.date.today()
    plan = plans.create_plan(
        users["programme"],
        plans.PlanInput(
            title=SCRIPT,
            countries=["SN", "MR"],
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=300),
            reference="PAC-XSS",
            outcomes=[IMG],
        ),
    )
    plans.add_activity(
        users["programme"],
        plan,
        plans.ActivityInput(
            outcome_id=plan.outcomes.get().pk,
            title=SCRIPT,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=10),
            countries=["SN"],
        ),
    )
    network = community_network()
    submit_report(network["awa"], report_input(SCRIPT + " recrute des filles"), channel="committee")


def _crawl(client: Client) -> tuple[int, set[str]]:
    """Visit every page reachable from the node's list pages; return (pages seen, pages that
    showed an escaped payload). Fails on the first page that carries one raw."""
    start = [
        reverse(name)
        for name, pattern, _r in ROUTES
        if name and not getattr(pattern.pattern, "converters", {}) and name != "logout"
    ]
    queue, seen, escaped = deque(start), set(start), set()
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not ("html" in kind or "svg" in kind):
            continue
        body = response.content
        for marker in RAW_MARKERS:
            assert marker not in body, f"{url} shows {marker!r} unescaped"
        assert not JS_ATTRIBUTE.search(body), f"{url} has a javascript: URL in an attribute"
        if ESCAPED.search(body):
            escaped.add(url)
        for link in LINK.findall(body):
            target = link.decode().replace("&amp;", "&")
            if target.startswith(SKIP) or "export=" in target or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return visited, escaped


@pytest.mark.parametrize("role", ["coordinator", "worker", "investigator", "programme"])
def test_stored_payloads_are_escaped_on_every_page(
    users: dict[str, Any], make_case: Any, role: str
) -> None:
    _seed(users, make_case)
    client = login(Client(), users[role])
    visited, escaped = _crawl(client)
    assert visited > 20
    # The crawl really met the payloads (escaped), so the absence of raw ones means something.
    assert len(escaped) >= 2, f"{role} saw the escaped payload on only {sorted(escaped)}"
