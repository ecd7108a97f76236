"""Shared records for the community tests and the shared permission matrices."""

from __future__ import annotations

from typing import Any

PASSWORD = "pw-community-2026"
BANTACO = "SN-KE-BANTACO"


def community_network() -> dict[str, Any]:
    """Committee (Bantaco), its members `awa` and `moussa`, the hotline and its operator
    `operator`. Made once per test database (looked up if already there)."""
    from jokko.accounts.models import Organisation, User

    committee, _ = Organisation.objects.get_or_create(
        name="Comité de vigilance de Bantaco",
        country="SN",
        defaults={"kind": "committee", "place_code": BANTACO},
    )
    other_committee, _ = Organisation.objects.get_or_create(
        name="Comité de vigilance de Tomboronkoto",
        country="SN",
        defaults={"kind": "committee", "place_code": "SN-KE-TOMBORONKOTO"},
    )
    hotline, _ = Organisation.objects.get_or_create(
        name="Ligne verte 116", country="SN", defaults={"kind": "hotline"}
    )

    def user(username: str, role: str, org: Any) -> Any:
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing
        return User.objects.create_user(
            username=username, password=PASSWORD, role=role, organisation=org
        )

    return {
        "committee": committee,
        "other_committee": other_committee,
        "hotline": hotline,
        "awa": user("awa", "community_reporter", committee),
        "moussa": user("moussa", "community_reporter", committee),
        "fatou": user("fatou", "community_reporter", other_committee),
        "operator": user("operator", "case_worker", hotline),
    }


def report_input(description: str = "", **fields: Any) -> Any:
    from jokko.community.actions import ReportInput

    return ReportInput(
        description=description
        or "Trois jeunes filles nigérianes logées au site d'orpaillage, un homme garde leurs "
        "passeports.",
        **fields,
    )


def report_by(username: str = "awa", description: str = "", **fields: Any) -> Any:
    """A report submitted by a committee member through the real action."""
    from jokko.accounts.models import User
    from jokko.community.actions import submit_report

    network = community_network()
    member = network[username] if username in network else User.objects.get(username=username)
    report, _ = submit_report(member, report_input(description, **fields), channel="committee")
    return report


def report_for_permissions() -> Any:
    """A report of the Bantaco committee member (not the shared `reporter`), made once."""
    from jokko.community.models import CommunityReport

    existing = CommunityReport.objects.filter(reporter__username="awa").order_by("id").first()
    return existing or report_by("awa")


def community_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The community rows of the API permission matrix (tests/api/test_api.py)."""
    from jokko.community.models import CommunityReport

    def nothing(world: Any) -> None:
        community_network()
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def count(world: Any) -> int:
        community_network()
        return CommunityReport.objects.count()

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return CommunityReport.objects.count() == prepared + 1

    def fresh(world: Any) -> int:
        return report_by("awa", f"Rapport {CommunityReport.objects.count()} sur un garage").pk

    def triaged(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return CommunityReport.objects.get(pk=prepared).status == "triaged"

    def converted(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return CommunityReport.objects.get(pk=prepared).case_id is not None

    return {
        "POST /community/reports": (
            count,
            lambda api, w, p: api.post("/community/reports", {"description": "Un garçon battu"}),
            one_more,
        ),
        "GET /community/reports/mine": (
            nothing,
            lambda api, w, p: api.get("/community/reports/mine"),
            unchanged,
        ),
        "GET /community/triage": (
            nothing,
            lambda api, w, p: api.get("/community/triage"),
            unchanged,
        ),
        "GET /community/indicators": (
            nothing,
            lambda api, w, p: api.get("/community/indicators"),
            unchanged,
        ),
        "GET /community/reports/{report_id}": (
            lambda world: report_for_permissions().pk,
            lambda api, w, p: api.get(f"/community/reports/{p}"),
            unchanged,
        ),
        "GET /community/reports/{report_id}/duplicates": (
            lambda world: report_for_permissions().pk,
            lambda api, w, p: api.get(f"/community/reports/{p}/duplicates"),
            unchanged,
        ),
        "POST /community/reports/{report_id}/triage": (
            fresh,
            lambda api, w, p: api.post(
                f"/community/reports/{p}/triage", {"decision": "triage", "urgency": "high"}
            ),
            triaged,
        ),
        "POST /community/reports/{report_id}/convert": (
            fresh,
            lambda api, w, p: api.post(
                f"/community/reports/{p}/convert", {"person": {"names": ["Blessing Okafor"]}}
            ),
            converted,
        ),
    }
