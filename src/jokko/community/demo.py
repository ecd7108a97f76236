"""Community reports for the demo nodes, modelled on the Kédougou vigilance committees.

The seed documents report 19 community vigilance committees set up around the gold-mining sites
of Kédougou, which helped identify 163 survivors of sex trafficking, most from Nigeria. The demo
gives the Senegal node a handful of those committees (the demo `relais` is a member of the first
one), the national hotline (`ecoute`), SMS reports from a chatbot, and an anonymous web report;
some are triaged, one is a duplicate, one became a case and one, through the police, an
incident. Everything goes through the real actions. Names are invented. Running it again adds
nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from jokko.accounts.models import Organisation, OrganisationKind, Role, User
from jokko.analytics.signals import touched as analytics_touched
from jokko.community import actions
from jokko.community.models import CommunityReport
from jokko.people.actions import PersonInput

MEMBER = "relais"
OPERATOR = "ecoute"
INVESTIGATOR = "enqueteur"
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

# The place of each node's demo committee, when the organisation has none yet.
COMMITTEE_PLACES = {"SN": "SN-KE-BANTACO", "MR": "MR-06-ROSSO", "ML": "ML-1-KENIEBA"}
# More Kédougou committees for the Senegal node: (village, place code, member username).
MORE_SN_COMMITTEES = [
    ("Tomboronkoto", "SN-KE-TOMBORONKOTO", "relais-tomboronkoto"),
    ("Khossanto", "SN-KE-KHOSSANTO", "relais-khossanto"),
    ("Sabodala", "SN-KE-SABODALA", "relais-sabodala"),
    ("Bandafassi", "SN-KE-BANDAFASSI", "relais-bandafassi"),
]

GOLD_SITE = (
    "Au site d'orpaillage, trois jeunes filles nigérianes logent derrière le bar. Un homme "
    "garde leurs passeports et elles disent devoir rembourser le voyage."
)


def _committees(country: str) -> list[tuple[Organisation, User | None]]:
    """The node's committees with one member each (the demo `relais` for the first one)."""
    found = []
    for committee in Organisation.objects.filter(
        kind=OrganisationKind.COMMITTEE, country=country
    ).order_by("id"):
        if not committee.place_code and country in COMMITTEE_PLACES:
            committee.place_code = COMMITTEE_PLACES[country]
            committee.save(update_fields=["place_code"])
        member = (
            User.objects.filter(organisation=committee, role=Role.COMMUNITY_REPORTER)
            .order_by("id")
            .first()
        )
        found.append((committee, member))
    if country == "SN":
        for village, place_code, username in MORE_SN_COMMITTEES:
            committee, _ = Organisation.objects.get_or_create(
                name=f"Comité de vigilance de {village} (démo)",
                country=country,
                defaults={"kind": OrganisationKind.COMMITTEE, "place_code": place_code},
            )
            member = User.objects.filter(username=username).first()
            if member is None:
                member = User(
                    username=username, role=Role.COMMUNITY_REPORTER, organisation=committee
                )
                member.set_unusable_password()  # a demo colleague, not a login
                member.save()
            found.append((committee, member))
    return found


def _received(days_ago: float) -> datetime.datetime:
    return timezone.now() - days_ago * DAY


def _triaged_after(report: CommunityReport, hours: float) -> None:
    """Demo history: the decision came `hours` after reception, not at seeding time."""
    CommunityReport.objects.filter(pk=report.pk).update(
        triaged_at=report.received_at + hours * HOUR
    )
    analytics_touched(CommunityReport, [report.pk])


def seed_demo() -> int:
    """Seed the node's community reports; returns how many were created (0 if already done)."""
    if CommunityReport.objects.exists():
        return 0
    country = settings.NODE_COUNTRY
    committees = _committees(country)
    operator = User.objects.filter(username=OPERATOR).first()
    created: list[CommunityReport] = []

    def submit(actor: Any, channel: str, days_ago: float, text: str, **fields: Any) -> Any:
        external_id = fields.pop("external_id", "")
        report, _ = actions.submit_report(
            actor,
            actions.ReportInput(description=text, received_at=_received(days_ago), **fields),
            channel=channel,
            external_id=external_id,
        )
        created.append(report)
        return report

    texts = [
        (GOLD_SITE, "tip", "high", 3, False),
        (
            "Deux fillettes vendent au marché hebdomadaire pour une femme qui n'est pas leur mère.",
            "tip",
            "normal",
            2,
            True,
        ),
        (
            "Un camion part la nuit vers Kidira avec des jeunes hommes sans papiers.",
            "som",
            "normal",
            12,
            False,
        ),
        (
            "Des enfants talibés travaillent sur les placers au lieu d'aller à l'école.",
            "tip",
            "high",
            6,
            True,
        ),
        (
            "Une jeune femme dit avoir été promise un travail de coiffeuse à Dakar.",
            "unknown",
            "low",
            1,
            False,
        ),
    ]
    first_report = None
    for n, (_committee, member) in enumerate(committees):
        if member is None:
            continue
        for k in range(2 if n == 0 else 1):
            text, offence, urgency, persons, children = texts[(n + k) % len(texts)]
            report = submit(
                member,
                "committee",
                20 - 3 * n - k,
                text,
                suspected_offence=offence,
                urgency=urgency,
                persons_count=persons,
                children_involved=children,
            )
            first_report = first_report or report
    # The same scene seen again, by a caller to the hotline: a duplicate candidate.
    if operator is not None and actions.can_triage(operator):
        submit(
            operator,
            "hotline",
            4,
            "Une cliente du bar près du site d'orpaillage dit que trois filles nigérianes y "
            "sont retenues et que leurs passeports sont gardés.",
            place_code=first_report.place_code if first_report else "",
            suspected_offence="tip",
            urgency="high",
            contact="+221 77 555 01 02",
        )
        submit(
            operator,
            "hotline",
            0.2,
            "Une mère appelle : sa fille de 16 ans partie travailler à Kédougou ne répond plus.",
            place_text="Kédougou",
            place_code=actions.place_from_text("Kédougou"),
            suspected_offence="tip",
            urgency="immediate",
            children_involved=True,
            persons_count=1,
        )
    submit(
        None,
        "sms",
        2,
        "Pirogue qui se prépare à partir de la plage ce week-end, des jeunes payent le passeur.",
        suspected_offence="som",
        contact="tel:+221780001234",
        external_id="run:demo-0001",
    )
    submit(
        None,
        "sms",
        0.5,
        "Ma cousine est enfermée dans une maison, elle ne peut pas sortir.",
        urgency="immediate",
        contact="tel:+221760004321",
        external_id="run:demo-0002",
    )
    submit(None, "public_web", 1.5, "Un homme recrute des filles pour l'étranger au marché.")
    if operator is not None and actions.can_triage(operator):
        _decisions(operator, created)
    return len(created)


def _decisions(operator: Any, reports: list[CommunityReport]) -> None:
    """What the hotline already did: a case, a duplicate, a forwarded report, a dismissal."""
    committee_reports = [r for r in reports if r.channel == "committee"]
    if not committee_reports:
        return
    first = committee_reports[0]
    actions.convert_to_case(
        operator,
        first,
        PersonInput(names=["Blessing Okonkwo"], sex="female", birth_year=2005, nationality="NG"),
        actions.case_prefill(first),
    )
    _triaged_after(first, 5)
    duplicate = next((r for r in reports if r.channel == "hotline"), None)
    if duplicate is not None:
        actions.mark_duplicate(operator, duplicate, first)
        _triaged_after(duplicate, 1.5)
    for report, hours in zip(committee_reports[1:4], (2, 26, 9), strict=False):
        actions.triage_report(operator, report, urgency=report.urgency)
        _triaged_after(report, hours)
    smuggling = next((r for r in reports if r.suspected_offence == "som"), None)
    units = actions.police_units()
    if smuggling is not None and smuggling.is_open and units:
        investigator = User.objects.filter(username=INVESTIGATOR).first()
        unit = next(
            (u for u in units if investigator and u.pk == investigator.organisation_id), units[0]
        )
        actions.forward_to_police(operator, smuggling, unit)
        _triaged_after(smuggling, 3)
    web = next((r for r in reports if r.channel == "public_web"), None)
    if web is not None:
        actions.triage_report(
            operator, web, urgency="low", note="Trop vague, pas de lieu.", dismiss=True
        )
        _triaged_after(web, 30)
