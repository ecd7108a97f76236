"""Simulated colleagues of a Jokko node for Locust: case workers, investigators and analysts.

Driven by `bench/load/driver.py` (never imported by Django or the test process: Locust patches
the standard library with gevent). Configuration comes from environment variables:
JOKKO_LOAD_FIXTURE (the JSON written by `bench/load/fixture.py`), JOKKO_LOAD_RECORD (where each
request is written, one JSON line per request, for exact percentiles), JOKKO_LOAD_MAX_REQUESTS
(stop after this many requests, whatever --run-time says), JOKKO_LOAD_THINK (min,max seconds
between two actions of one user).

Each simulated user logs in once with its own account (session cookie for pages, bearer token
for the API), as a person keeps a browser session open through the day, and then alternates
actions and think time. The mix follows the node's staffing: case workers are the most
numerous and work mostly on people and cases; investigators record and look up incidents and
suspects; analysts read indicators. A separate probe user requests a static file and the login
page, the reference figures measured under the same load.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

FIXTURE: dict[str, Any] = json.loads(Path(os.environ["JOKKO_LOAD_FIXTURE"]).read_text())
THINK = tuple(float(x) for x in os.environ.get("JOKKO_LOAD_THINK", "1,3").split(","))
MAX_REQUESTS = int(os.environ.get("JOKKO_LOAD_MAX_REQUESTS", "0"))
RECORD = open(os.environ["JOKKO_LOAD_RECORD"], "a", buffering=1)
_count = itertools.count(1)
_lock = threading.Lock()
_accounts: dict[str, itertools.cycle[dict[str, str]]] = {
    role: itertools.cycle(users) for role, users in FIXTURE["users"].items()
}
CASE_PATH = re.compile(r"/cases/(\d+)/")
INCIDENT_PATH = re.compile(r"/incidents/(\d+)/")


@events.request.add_listener
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response: Any = None,
    exception: BaseException | None = None,
    **_kwargs: Any,
) -> None:
    """One line per request: what, how long, status, and whether it failed."""
    status = getattr(response, "status_code", 0) or 0
    line = {
        "name": name,
        "ms": round(response_time, 3),
        "status": status,
        "failed": exception is not None,
        "end": time.time(),
    }
    if exception is not None:
        line["error"] = str(exception)[:300]
    RECORD.write(json.dumps(line) + "\n")
    if MAX_REQUESTS and next(_count) == MAX_REQUESTS:
        runner = _environment.runner if _environment else None
        if runner is not None:
            gevent.spawn(runner.quit)


_environment: Environment | None = None


@events.init.add_listener
def _keep_environment(environment: Environment, **_kwargs: Any) -> None:
    global _environment
    _environment = environment


class Colleague(HttpUser):
    """A logged-in user of one role; subclasses define what they do."""

    abstract = True
    role = ""
    wait_time = between(*THINK)

    def on_start(self) -> None:
        with _lock:
            self.account = next(_accounts[self.role])
        self.api_headers = {"Authorization": f"Bearer {self.account['token']}"}
        self.client.get("/accounts/login/", name="login page (GET)")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": token,
            },
            allow_redirects=False,
            name="log in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused: HTTP {response.status_code}")

    def first_tour(self) -> None:
        """Each action once, in the order they are written (registering before recording a
        step): a short run then still exercises every request type."""
        for action in dict.fromkeys(self.tasks):
            action(self)  # type: ignore[operator]

    def _post(self, path: str, data: dict[str, Any], name: str) -> str | None:
        """A form post with the CSRF token; the action redirects on success (to `Location`)."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            path, data=data, allow_redirects=False, name=name, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]!r}")
                return None
            return str(response.headers.get("Location", ""))


def _name() -> str:
    return random.choice(FIXTURE["search_names"] or ["Aminata Diallo"])


def _code(vocab: str) -> str:
    return random.choice(FIXTURE["codes"][vocab])


class CaseWorker(Colleague):
    """Identifies survivors, looks people up, opens and updates cases."""

    role = "case_worker"
    weight = 6

    def on_start(self) -> None:
        self.own_cases: list[int] = []
        super().on_start()
        self.first_tour()

    @task(5)
    def search_person(self) -> None:
        self.client.get(
            "/people/search/", params={"q": _name(), "mode": "fuzzy"}, name="search persons"
        )

    @task(4)
    def open_case(self) -> None:
        ids = self.own_cases or FIXTURE["case_ids"]
        self.client.get(f"/cases/{random.choice(ids)}/", name="open a case")

    @task(1)
    def case_list(self) -> None:
        self.client.get("/cases/", name="case list")

    @task(1)
    def register_survivor(self) -> None:
        first = random.choice(["Aminata", "Fatoumata", "Mariama", "Awa", "Kadiatou", "Binta"])
        last = random.choice(["Diallo", "Sow", "Bah", "Camara", "Keita", "Traoré"])
        location = self._post(
            "/cases/new/",
            {
                "client_id": str(uuid.uuid4()),
                "name": f"{first} {last}",
                "sex": _code("sex"),
                "birth_precision": "year",
                "birth_year": str(random.randint(1990, 2010)),
                "nationality": random.choice(["SN", "GN", "ML", "GM", "NE"]),
                "case_type": "tip",
                "identification_source": _code("identification_source"),
                "identified_on": FIXTURE["today"],
                "place_code": _code("place_code"),
                "exploitation_types": [_code("exploitation_type")],
            },
            "register a survivor",
        )
        if location and (match := CASE_PATH.search(location)):
            self.own_cases.append(int(match.group(1)))

    @task(2)
    def record_step(self) -> None:
        """A screening on a case this worker registered (else on a case of the organisation)."""
        case_id = random.choice(self.own_cases or FIXTURE["case_ids"])
        self._post(
            f"/cases/{case_id}/screening/",
            {
                "outcome": _code("screening_outcome"),
                "screened_on": FIXTURE["today"],
                "notes": "Entretien d'identification",
            },
            "record a step (screening)",
        )


class Investigator(Colleague):
    """Records operations and looks up suspects and incidents."""

    role = "investigator"
    weight = 3

    def on_start(self) -> None:
        self.own_incidents: list[int] = []
        super().on_start()
        self.first_tour()

    @task(4)
    def search_suspects(self) -> None:
        self.client.get("/incidents/suspects/", params={"q": _name()}, name="search suspects")

    @task(3)
    def open_incident(self) -> None:
        ids = self.own_incidents or FIXTURE["incident_ids"]
        if ids:
            self.client.get(f"/incidents/{random.choice(ids)}/", name="open an incident")

    @task(1)
    def incident_list(self) -> None:
        self.client.get("/incidents/", name="incident list")

    @task(1)
    def record_incident(self) -> None:
        location = self._post(
            "/incidents/new/",
            {
                "kind": "border_interception",
                "occurred_on": FIXTURE["today"],
                "place_code": _code("place_code"),
                "offences": ["som"],
                "summary": "Contrôle routier",
                "suspect_name_1": _name(),
                "suspect_sex_1": "male",
                "suspect_nationality_1": "SN",
                "counted_role_1": "smuggled_migrant",
                "counted_count_1": str(random.randint(2, 30)),
                "counted_nationality_1": "GN",
            },
            "record an incident",
        )
        if location and (match := INCIDENT_PATH.search(location)):
            self.own_incidents.append(int(match.group(1)))


class Analyst(Colleague):
    """Reads indicators: the catalogue page, one indicator's page, and the same through the API."""

    role = "analyst"
    weight = 1

    def on_start(self) -> None:
        super().on_start()
        self.first_tour()

    @task(1)
    def catalogue(self) -> None:
        self.client.get("/analytics/", name="indicator catalogue (page)")

    @task(2)
    def indicator_page(self) -> None:
        code = random.choice(FIXTURE["indicators"])
        self.client.get(f"/analytics/indicators/{code}/", name="indicator (page)")

    @task(2)
    def indicator_api(self) -> None:
        code = random.choice(FIXTURE["indicators"])
        self.client.get(
            f"/api/v1/analytics/indicators/{code}",
            headers=self.api_headers,
            name="indicator (API)",
        )

    @task(1)
    def analysis_page(self) -> None:
        self.client.get("/analysis/", name="analysis page")


class Probe(HttpUser):
    """The references: a static file and the anonymous login page, under the same load."""

    fixed_count = 1
    # Shorter pauses than the colleagues': enough samples for a steady reference, while each
    # request costs the server next to nothing.
    wait_time = between(THINK[0] / 4, THINK[1] / 4)

    def on_start(self) -> None:
        self.static_file()
        self.login_page()

    @task
    def static_file(self) -> None:
        self.client.get("/static/vendor/htmx.min.js", name="ref: static file")

    @task
    def login_page(self) -> None:
        self.client.get("/accounts/login/", name="ref: login page")
