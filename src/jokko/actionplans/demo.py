"""Demo joint action plan: the Senegal-Mauritania plan of the seed documents.

Seed 000 lists its activities ("Law Enforcement Training Sessions, ongoing until 2025: UNODC,
Senegalese Police, Mauritanian Gendarmerie"; "Community awareness events, quarterly: local NGOs,
government representatives"; "Monthly intelligence sharing meetings, starting January 2024:
border control agencies, UNODC"), its workshops (35/28, 45/30 and 50/40 participants from
Senegal/Mauritania) and its policy actions (joint task forces, legal harmonisation, awareness
in schools). Some activities are done, some late, so the timeline and the overdue list have
something to show. Everything goes through the real actions; running it again adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from jokko.accounts.models import Organisation, User
from jokko.actionplans import actions
from jokko.actionplans.models import Plan

D = datetime.date
OFFICER = "programme"
PARTNER = {"SN": "MR", "MR": "SN"}

OUTCOMES = [
    "Law-enforcement and judicial capacities strengthened (joint training initiatives)",
    "Intelligence shared across the border",
    "Communities aware of the risks and reporting suspicions",
    "Legal frameworks harmonised and victims supported",
]

# (outcome index, title, start, end, status, completed on, other parties, budget XOF, spent)
ACTIVITIES = [
    (
        0,
        "Law enforcement training sessions",
        D(2024, 1, 15),
        D(2025, 12, 31),
        "done",
        D(2025, 12, 12),
        "UNODC, Senegalese Police, Mauritanian Gendarmerie",
        45_000_000,
        41_500_000,
    ),
    (
        0,
        "Workshop: legal frameworks and policy development (35 SN / 28 MR)",
        D(2024, 3, 4),
        D(2024, 3, 6),
        "done",
        D(2024, 3, 6),
        "UNODC",
        6_000_000,
        5_800_000,
    ),
    (
        0,
        "Workshop: investigative techniques and skills (45 SN / 30 MR)",
        D(2024, 5, 6),
        D(2024, 5, 9),
        "done",
        D(2024, 5, 9),
        "UNODC",
        7_500_000,
        7_900_000,
    ),
    (
        0,
        "Workshop: community awareness and support strategies (50 SN / 40 MR)",
        D(2024, 7, 8),
        D(2024, 7, 10),
        "done",
        D(2024, 7, 10),
        "UNODC, local NGOs",
        8_000_000,
        7_600_000,
    ),
    (
        1,
        "Monthly intelligence sharing meetings",
        D(2024, 1, 1),
        D(2027, 12, 31),
        "in_progress",
        None,
        "Border control agencies, UNODC",
        12_000_000,
        7_200_000,
    ),
    (
        1,
        "Joint task force for coordinated operations",
        D(2025, 1, 1),
        D(2026, 6, 30),
        "delayed",
        None,
        "Police and gendarmerie of both countries",
        20_000_000,
        4_000_000,
    ),
    (
        2,
        "Quarterly community awareness events",
        D(2024, 1, 1),
        D(2027, 12, 31),
        "in_progress",
        None,
        "Local NGOs, Government representatives",
        16_000_000,
        9_100_000,
    ),
    (
        2,
        "Awareness programmes in schools and local organisations",
        D(2025, 9, 1),
        D(2026, 9, 30),
        "planned",
        None,
        "Ministries of education, local NGOs",
        5_000_000,
        0,
    ),
    (
        3,
        "Harmonise anti-trafficking laws across the border",
        D(2024, 6, 1),
        D(2026, 10, 31),
        "in_progress",
        None,
        "Ministries of justice, UNODC",
        3_000_000,
        1_200_000,
    ),
    (
        3,
        "Accessible legal assistance and counselling for victims",
        D(2026, 1, 1),
        D(2027, 6, 30),
        "planned",
        None,
        "Bar associations, NGOs",
        9_000_000,
        0,
    ),
]

# (name, unit, baseline, target, actual)
INDICATORS = [
    ("Officers and magistrates trained in joint workshops", "people", 0, 250, 228),
    ("Intelligence sharing meetings held", "meetings", 0, 48, 34),
    ("Quarterly community awareness events held", "events", 0, 16, 11),
    ("Days to answer a cross-border information request", "days", 40, 10, 25),
]

# (date, place, participants, minutes, [(decision, responsible, due on, done?)])
MEETINGS = [
    (
        D(2025, 6, 12),
        "Rosso",
        "Police nationale (SN), Gendarmerie nationale (MR), ONUDC, OIM, ONG locales",
        "First joint review of the plan: trainings on track, task force late.",
        [
            (
                "Designate one focal point per country for the task force",
                "Ministries of interior",
                D(2025, 7, 31),
                True,
            ),
            (
                "Share the list of border crossing points to monitor",
                "Border control agencies",
                D(2025, 9, 30),
                False,
            ),
        ],
    ),
    (
        D(2026, 10, 8),
        "Saint-Louis",
        "Cellule nationale (SN), Commission nationale (MR), ONUDC",
        "Second review: awareness events continue; legal harmonisation needs a drafting session.",
        [("Convene the legal drafting session", "Ministries of justice", D(2026, 12, 15), False)],
    ),
]


def _monthly_meetings(today: datetime.date) -> list[datetime.date]:
    """The 10th of each of the three months before this one: the monthly intelligence meetings."""
    first = today.replace(day=1)
    days = []
    for _ in range(3):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        days.append(first.replace(day=10))
    return sorted(days)


def seed_demo() -> int:
    """Create the joint plan once; returns the number of records created (0 if already done)."""
    node = settings.NODE_COUNTRY
    partner = PARTNER.get(node, "SN" if node != "SN" else "MR")
    reference = f"PAC-DEMO-{node}-{partner}"
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None or Plan.objects.filter(reference=reference).exists():
        return 0
    today = timezone.localdate()
    created = 0
    plan = actions.create_plan(
        officer,
        actions.PlanInput(
            title="Joint action plan against trafficking in persons and smuggling of migrants",
            countries=[node, partner],
            starts_on=D(2024, 1, 1),
            ends_on=max(D(2027, 12, 31), today),
            reference=reference,
            description="Joint Training Initiatives, Intelligence Sharing and Public Awareness "
            "Campaigns, with the support of UNODC (seed documents).",
            outcomes=OUTCOMES,
        ),
    )
    created += 1 + len(OUTCOMES)
    outcomes = list(plan.outcomes.order_by("position"))
    police = Organisation.objects.filter(kind="police", country=node).order_by("id").first()
    for index, title, start, end, status, done_on, note, budget, spent in ACTIVITIES:
        if status == "done" and done_on is not None and done_on > today:
            status, done_on = "in_progress", None
        activity = actions.add_activity(
            officer,
            plan,
            actions.ActivityInput(
                outcome_id=outcomes[index].pk,
                title=title,
                starts_on=start,
                ends_on=end,
                organisation_ids=[police.pk] if police and index in (0, 1) else [],
                countries=[node, partner],
                responsible_note=note,
                budget_amount=Decimal(budget),
                status=status,
                completed_on=done_on,
            ),
        )
        if spent:
            actions.update_activity_status(
                officer, activity, status=status, completed_on=done_on, spent_amount=spent
            )
        created += 1
    for name, unit, baseline, target, actual in INDICATORS:
        actions.add_indicator(
            officer, plan, name=name, unit=unit, baseline=baseline, target=target, actual=actual
        )
        created += 1
    for held_on, place, participants, minutes, decisions in MEETINGS:
        if held_on > today:
            continue
        meeting = actions.record_meeting(
            officer,
            plan,
            actions.MeetingInput(
                held_on=held_on,
                place=place,
                participants=participants,
                minutes=minutes,
                decisions=[
                    actions.DecisionInput(text, who, due) for text, who, due, _ in decisions
                ],
            ),
        )
        created += 1 + len(decisions)
        for decision, (_text, _who, due, done) in zip(
            meeting.decisions.order_by("id"), decisions, strict=True
        ):
            if done and due <= today:
                actions.update_decision(officer, decision, status="done", done_on=due)
    for number, held_on in enumerate(_monthly_meetings(today)):
        due = held_on + datetime.timedelta(days=21)
        meeting = actions.record_meeting(
            officer,
            plan,
            actions.MeetingInput(
                held_on=held_on,
                place=("Rosso", "Diama", "Saint-Louis")[number % 3],
                participants="Border control agencies (SN, MR), UNODC",
                minutes="Monthly intelligence sharing meeting: alerts on smuggling routes along "
                "the river and departures by sea exchanged.",
                decisions=[
                    actions.DecisionInput(
                        "Circulate the alerts of the month to border posts",
                        "Border control agencies",
                        due,
                    )
                ],
            ),
        )
        created += 2
        if due <= today:
            actions.update_decision(officer, meeting.decisions.get(), status="done", done_on=due)
    return created
