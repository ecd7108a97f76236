"""A small hand-made data set whose indicator values are worked out by hand in the tests.

Cases go through the real actions (identification, screening, consent, referral, service,
return, follow-up), so the change-log signals and the action guards run as in production; the
justice, training and community records are made with the ORM. Dates that the actions stamp
with "now" (referral times, status history) are then set to fixed values so that medians and
periods have exact expected values.

| case | survivor        | sex    | born | nat | identified | place          | forms              |
|------|-----------------|--------|------|-----|------------|----------------|--------------------|
| A    | Blessing Okafor | female | 2010 | NG  | 2025-02-10 | SN-KE-KEDOUGOU | sexual_expl.       |
| A2   | (same as A)     |        |      |     | 2025-06-01 | SN-KE-KEDOUGOU | sexual_expl.       |
| B    | Mariama Ba      | female | 2000 | SN  | 2025-03-05 | SN-DK-DAKAR    | domestic, f_labour |
| C    | Ousmane Diallo  | male   | 2014 | GN  | 2025-05-20 | SN-KE-KEDOUGOU | begging_talibe     |
| D    | Joy Eze         | female | 1990 | NG  | 2024-12-01 | SN-KE-KEDOUGOU | sexual_expl.       |
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

UTC = datetime.UTC


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def d(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


@dataclass
class Dataset:
    cases: dict[str, Any] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def register(users: dict[str, Any], name: str, sex: str, born: int, nat: str, **case: Any) -> Any:
    from jokko.cases.actions import CaseInput, register_survivor
    from jokko.people.actions import PersonInput

    phone = "+221 77 555 0" + str(born)[-3:]
    person = PersonInput(
        names=[name],
        sex=sex,
        birth_year=born,
        nationality=nat,
        phones=[phone],
        documents=[],
    )
    fields: dict[str, Any] = {"case_type": "tip", "identification_source": "police"}
    fields.update(case)
    made, _ = register_survivor(users["worker"], person, CaseInput(**fields))
    return made


def assist(users: dict[str, Any], case: Any, on: datetime.date) -> Any:
    from jokko.cases import actions

    worker = users["worker"]
    actions.record_screening(worker, case, outcome="presumed_victim", screened_on=on)
    actions.record_consent(
        worker, case, scopes=["referral", "return", "embassy", "statistics"], given_on=on
    )
    return actions.transition_case(worker, case, "assistance")


def build(users: dict[str, Any], orgs: dict[str, Any]) -> Dataset:
    from jokko.cases import actions
    from jokko.cases.models import Case, CaseEvent, Referral

    data = Dataset()
    worker = users["worker"]
    a = register(
        users,
        "Blessing Okafor",
        "female",
        2010,
        "NG",
        identified_on=d("2025-02-10"),
        place_code="SN-KE-KEDOUGOU",
        exploitation_types=["sexual_exploitation"],
        identification_source="vigilance_committee",
    )
    b = register(
        users,
        "Mariama Ba",
        "female",
        2000,
        "SN",
        identified_on=d("2025-03-05"),
        place_code="SN-DK-DAKAR",
        exploitation_types=["domestic_servitude", "forced_labour"],
    )
    c = register(
        users,
        "Ousmane Diallo",
        "male",
        2014,
        "GN",
        identified_on=d("2025-05-20"),
        place_code="SN-KE-KEDOUGOU",
        exploitation_types=["forced_begging_talibe"],
        identification_source="ngo",
    )
    dd = register(
        users,
        "Joy Eze",
        "female",
        1990,
        "NG",
        identified_on=d("2024-12-01"),
        place_code="SN-KE-KEDOUGOU",
        exploitation_types=["sexual_exploitation"],
    )
    # A second episode of the same survivor (A): counted once among survivors.
    a2 = Case.objects.create(
        reference="SN-TEST-A2",
        person=a.person,
        organisation=a.organisation,
        case_type="tip",
        identification_source="vigilance_committee",
        identified_on=d("2025-06-01"),
        place_code="SN-KE-KEDOUGOU",
        exploitation_types=["sexual_exploitation"],
    )
    data.cases = {"A": a, "A2": a2, "B": b, "C": c, "D": dd}
    data.names = ["Blessing Okafor", "Mariama Ba", "Ousmane Diallo", "Joy Eze"]
    # Phones as stored (normalised): they must never reach the store either.
    data.phones = ["+221775550010", "+221775550000", "+221775550014", "+221775550990"]
    for case in (a, b, c, dd):
        assist(users, case, case.identified_on)

    ngo, health = orgs["ngo"], orgs["health"]
    r1, _ = actions.refer_case(worker, a, to_organisation=ngo, service_type="medical")
    actions.transition_referral(users["other_worker"], r1, "accepted")
    r2, _ = actions.refer_case(worker, a, to_organisation=health, service_type="psychosocial")
    actions.transition_referral(users["health_worker"], r2, "refused", note="full")
    r3, _ = actions.refer_case(worker, b, to_organisation=ngo, service_type="legal_aid")
    actions.transition_referral(users["other_worker"], r3, "accepted")
    actions.transition_referral(users["other_worker"], r3, "completed")
    actions.refer_case(worker, c, to_organisation=ngo, service_type="shelter")
    for referral, sent, answered in (
        (r1, "2025-02-11", "2025-02-13"),
        (r2, "2025-02-11", "2025-02-15"),
        (r3, "2025-03-06", "2025-03-07"),
    ):
        Referral.objects.filter(pk=referral.pk).update(
            created_at=at(sent), responded_at=at(answered)
        )
    Referral.objects.filter(case=c).update(created_at=at("2025-05-21"))

    for case, service, on in (
        (a, "medical", "2025-02-14"),
        (a, "shelter", "2025-02-15"),
        (b, "legal_aid", "2025-03-10"),
        (dd, "medical", "2024-12-05"),
    ):
        actions.record_service(worker, case, service_type=service, delivered_on=d(on))

    # C goes home to Guinea, then into reintegration; A's return is only planned.
    actions.plan_voluntary_return(worker, c, destination_country="GN")  # case -> return
    for target in ("embassy_contacted", "documents_ready"):
        actions.advance_voluntary_return(worker, c, target)
    actions.advance_voluntary_return(worker, c, "travelled", travel_date=d("2025-07-01"))
    actions.transition_case(worker, c, "reintegration")
    actions.plan_voluntary_return(worker, a, destination_country="NG")

    for case, kind, done in (
        (c, "schooling", "2025-08-01"),
        (a, "schooling", "2025-09-01"),
        (b, "schooling", "2025-09-15"),
        (b, "livelihood", "2025-09-20"),
    ):
        follow_up = actions.plan_follow_up(worker, case, kind=kind, due_on=d(done))
        actions.complete_follow_up(worker, follow_up, "done", done_on=d(done))
    missed = actions.plan_follow_up(worker, dd, kind="schooling", due_on=d("2025-01-10"))
    actions.complete_follow_up(worker, missed, "missed", done_on=d("2025-01-10"))

    # Status history at fixed dates: offsets (days after identification) of each event.
    offsets = {"A": [0, 2, 5, 8], "B": [0, 1, 5], "C": [0, 3, 4, 10, 40], "D": [0, 2, 4]}
    for key, days in offsets.items():
        case = data.cases[key]
        events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
        assert len(events) == len(days), (key, [e.to_status for e in events])
        start = datetime.datetime.combine(case.identified_on, datetime.time(9), tzinfo=UTC)
        for event, offset in zip(events, days, strict=True):
            CaseEvent.objects.filter(pk=event.pk).update(at=start + datetime.timedelta(days=offset))

    _justice(users, orgs)
    _trainings(users, orgs)
    _reports(data)
    return data


def _justice(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    from jokko.incidents.models import Incident, IncidentPerson, Suspect
    from jokko.people.models import Person
    from jokko.prosecutions.models import Charge, Defendant, Prosecution, Statute, Verdict

    police = orgs["police"]
    i1 = Incident.objects.create(
        reference="INC-1",
        kind="boat_interception",
        occurred_on=d("2025-04-02"),
        place_code="SN-SL-SAINT_LOUIS",
        unit=police,
        offences=["som"],
    )
    IncidentPerson.objects.create(incident=i1, role="smuggled_migrant", count=40)
    IncidentPerson.objects.create(incident=i1, role="smuggled_migrant", count=12)
    IncidentPerson.objects.create(incident=i1, role="suspect", count=2)
    i2 = Incident.objects.create(
        reference="INC-2",
        kind="raid_rescue",
        occurred_on=d("2025-06-10"),
        place_code="SN-KE-KEDOUGOU",
        unit=police,
        offences=["tip", "som"],
    )
    IncidentPerson.objects.create(incident=i2, role="survivor", count=3)
    Incident.objects.create(
        reference="INC-3",
        kind="raid_rescue",
        occurred_on=d("2024-11-10"),
        place_code="SN-KE-KEDOUGOU",
        unit=police,
        offences=["tip"],
    )

    tip = Statute.objects.create(country="SN", law="Loi 2005-06", offence="tip", title="Traite")
    som = Statute.objects.create(country="SN", law="Loi 2005-06", offence="som", title="Trafic")
    suspects = []
    for n in range(3):
        person = Person.objects.create(
            pseudonym=f"P-SUS{n}", owner_organisation=police, roles=",suspect,"
        )
        suspects.append(Suspect.objects.create(person=person))
    p1 = Prosecution.objects.create(
        reference="PR-1",
        court=orgs["court"],
        prosecutor=users["prosecutor"],
        opened_on=d("2025-03-01"),
        status="decided",
    )
    p2 = Prosecution.objects.create(
        reference="PR-2",
        court=orgs["court"],
        prosecutor=users["prosecutor"],
        opened_on=d("2025-07-01"),
    )
    d1 = Defendant.objects.create(prosecution=p1, suspect=suspects[0])
    d2 = Defendant.objects.create(prosecution=p1, suspect=suspects[1])
    d3 = Defendant.objects.create(prosecution=p2, suspect=suspects[2])
    c1 = Charge.objects.create(defendant=d1, statute=tip, offence="tip", charged_on=d("2025-03-01"))
    c2 = Charge.objects.create(defendant=d1, statute=som, offence="som", charged_on=d("2025-03-01"))
    c3 = Charge.objects.create(defendant=d2, statute=tip, offence="tip", charged_on=d("2025-03-01"))
    Charge.objects.create(defendant=d3, statute=som, offence="som", charged_on=d("2025-07-01"))
    Verdict.objects.create(charge=c1, outcome="convicted", decided_on=d("2025-10-01"))
    Verdict.objects.create(charge=c2, outcome="convicted", decided_on=d("2025-10-01"))
    Verdict.objects.create(charge=c3, outcome="acquitted", decided_on=d("2025-10-01"))


def _trainings(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    """Two workshops as in the seed report (topic x country), a magistrates' ToT, a police one.

    | event | topic       | audience    | country | ToT | trainees (country)      | trainer |
    |-------|-------------|-------------|---------|-----|-------------------------|---------|
    | T1    | legal       | mixed       | SN      | no  | p1 SN, p2 SN, p3 MR     | p9      |
    | T2    | investigate | magistrates | MR      | yes | p1 SN, p4 MR, p5 MR     |         |
    | T3    | investigate | police      | SN      | no  | p6 SN (f), p7 SN        |         |
    """
    from jokko.trainings.models import Attendance, Participant, TrainingEvent, TrainingTopic

    legal = TrainingTopic.objects.create(
        code="t-legal", name_fr="Cadre juridique", name_en="Legal frameworks", name_ar="الإطار"
    )
    investigate = TrainingTopic.objects.create(
        code="t-investigate", name_fr="Enquête", name_en="Investigation", name_ar="التحقيق"
    )
    ministry = orgs["ministry"]

    def event(ref: str, topic: Any, audience: str, country: str, place: str, tot: bool) -> Any:
        return TrainingEvent.objects.create(
            reference=ref,
            title=ref,
            topic=topic,
            audience=audience,
            country=country,
            place_code=place,
            start_on=d("2025-05-05"),
            end_on=d("2025-05-07"),
            organiser=ministry,
            is_training_of_trainers=tot,
        )

    t1 = event("T1", legal, "mixed", "SN", "SN-DK-DAKAR", False)
    t2 = event("T2", investigate, "magistrates", "MR", "MR-08-NOUADHIBOU", True)
    t3 = event("T3", investigate, "police", "SN", "SN-DK-DAKAR", False)
    people = {}
    for key, country, sex in (
        ("p1", "SN", "male"),
        ("p2", "SN", "female"),
        ("p3", "MR", "male"),
        ("p4", "MR", "male"),
        ("p5", "MR", "female"),
        ("p6", "SN", "female"),
        ("p7", "SN", "male"),
        ("p9", "SN", "male"),
    ):
        people[key] = Participant.objects.create(
            full_name=f"Participant {key}",
            sex=sex,
            agency="Ministère de la Justice",
            country=country,
            phone="+221770000" + key[-1],
        )
    for ev, keys in ((t1, ["p1", "p2", "p3"]), (t2, ["p1", "p4", "p5"]), (t3, ["p6", "p7"])):
        for key in keys:
            Attendance.objects.create(event=ev, participant=people[key], completed=True)
    Attendance.objects.create(event=t1, participant=people["p9"], role="trainer")


def _reports(data: Dataset) -> None:
    """Six reports: four hotline (one duplicate, one converted to case A), two committee."""
    from jokko.community.models import CommunityReport

    rows = [
        ("R1", "hotline", "high", "case", "SN-KE-KEDOUGOU", data.cases["A"]),
        ("R2", "hotline", "normal", "dismissed", "SN-KE-KEDOUGOU", None),
        ("R3", "hotline", "normal", "duplicate", "SN-KE-KEDOUGOU", None),
        ("R4", "hotline", "low", "new", "SN-DK-DAKAR", None),
        ("R5", "committee", "high", "case", "SN-KE-KEDOUGOU", data.cases["C"]),
        ("R6", "committee", "normal", "triaged", "", None),
    ]
    for ref, channel, urgency, status, place, case in rows:
        CommunityReport.objects.create(
            reference=ref,
            channel=channel,
            received_at=at("2025-04-01"),
            description="Une fille est retenue près du site d'orpaillage",
            urgency=urgency,
            status=status,
            place_code=place,
            case=case,
            triaged_at=timezone.now() if status != "new" else None,
        )
