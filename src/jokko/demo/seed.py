"""Fill a node with demo organisations, users and synthetic cases at every workflow stage.

Cases go through the real actions (`jokko.cases.actions`), so demo data obeys the same rules,
consents and audit as data typed by a worker. A fixed seed gives the same demo every time.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from jokko.accounts.models import Organisation, OrganisationKind, User
from jokko.analytics.signals import touched as analytics_touched
from jokko.cases import actions
from jokko.cases.models import ConsentScope
from jokko.cases.workflow import CaseStatus, ReturnStatus
from jokko.demo.organisations import DEMO_PASSWORD, DEMO_USERS, ORGANISATIONS
from jokko.people.actions import PersonInput
from jokko.taxonomy import vocabulary

if TYPE_CHECKING:
    from jokko.synth import SyntheticCase, SyntheticPerson


def ensure_organisations(country: str) -> list[Organisation]:
    orgs = []
    for name, kind, services in ORGANISATIONS.get(country, ORGANISATIONS["SN"]):
        org, _ = Organisation.objects.get_or_create(
            name=name, country=country, defaults={"kind": kind, "provides_services": services}
        )
        orgs.append(org)
    return orgs


def ensure_users(country: str, organisations: list[Organisation]) -> list[User]:
    by_kind: dict[str, Organisation] = {}
    for org in organisations:
        by_kind.setdefault(org.kind, org)
    users = []
    for username, role, kind in DEMO_USERS:
        org = by_kind.get(kind) or by_kind.get(OrganisationKind.GENDARMERIE) or organisations[0]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "organisation": org, "first_name": username.capitalize()},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


def _valid(vocab: str, code: str) -> bool:
    return code in {term.code for term in vocabulary(vocab).terms}


def person_input(person: SyntheticPerson) -> PersonInput:
    """What a worker would type for this synthetic person."""
    return PersonInput(
        names=[name.text for name in person.names],
        sex=person.sex,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        birth_precision="exact"
        if person.birth_date
        else ("approximate" if person.birth_date_is_approximate else "year"),
        nationality=person.nationality,
        phones=list(person.phones),
        documents=list(person.documents),
    )


def _case_input(synthetic: SyntheticCase) -> actions.CaseInput:
    return actions.CaseInput(
        case_type=synthetic.case_type,
        identification_source=synthetic.identification_source,
        identified_on=synthetic.identified_on,
        place_code=synthetic.place_code,
        origin_code=synthetic.origin_code,
        transit_codes=list(synthetic.transit_codes),
        destination_code=synthetic.destination_code,
        exploitation_types=list(synthetic.exploitation_types),
        means_of_control=list(synthetic.means_of_control),
        recruiter_relation=synthetic.recruiter_relation,
    )


def _walk(
    rng: random.Random,
    worker: User,
    case: Any,
    synthetic: SyntheticCase,
    providers: list[Organisation],
    partner: Organisation | None,
    responders: dict[int, User],
) -> None:
    """Take a case through as many steps as its (random) age allows."""
    today = timezone.localdate()
    start = synthetic.identified_on
    depth = rng.random()

    def day(offset: int) -> datetime.date:
        return min(start + datetime.timedelta(days=offset), today)

    if depth < 0.12:
        return  # just identified
    actions.record_screening(
        worker,
        case,
        outcome="smuggled_migrant" if synthetic.case_type == "som" else "presumed_victim",
        screened_on=day(1),
    )
    if depth < 0.2:
        return
    scopes = [ConsentScope.REFERRAL, ConsentScope.STATISTICS]
    if synthetic.wants_return:
        scopes += [ConsentScope.RETURN, ConsentScope.EMBASSY]
    if rng.random() < 0.4:
        scopes.append(ConsentScope.LAW_ENFORCEMENT)
    actions.record_consent(worker, case, scopes=scopes, given_on=day(1))
    case = actions.transition_case(worker, case, CaseStatus.ASSISTANCE)
    needs = [n for n in synthetic.needs if _valid("need_type", n)]
    if needs:
        actions.assess_needs(worker, case, needs=needs, assessed_on=day(2))
    for service in [s for s in synthetic.services if _valid("service_type", s)][:3]:
        provider = rng.choice(providers)
        due = today + datetime.timedelta(days=rng.randint(-10, 14))
        referral, _ = actions.refer_case(
            worker, case, to_organisation=provider, service_type=service, due_on=max(due, today)
        )
        if due < today:  # leave some referrals overdue for the home page
            type(referral).objects.filter(pk=referral.pk).update(due_on=due)
            analytics_touched(type(referral), [referral.pk])
            continue
        if depth > 0.45:
            responder = responders[provider.pk]
            actions.transition_referral(responder, referral, "accepted")
            actions.record_service(
                responder,
                case,
                service_type=service,
                delivered_on=day(5),
                provider=provider,
                referral=referral,
            )
            actions.transition_referral(responder, referral, "completed")
    if depth < 0.55:
        return
    if synthetic.wants_return and partner is not None:
        actions.plan_voluntary_return(
            worker, case, destination_country=synthetic.person.nationality, partner=partner
        )
        case.refresh_from_db()
        actions.advance_voluntary_return(worker, case, ReturnStatus.EMBASSY_CONTACTED, on=day(10))
        if depth < 0.7:
            return
        actions.advance_voluntary_return(worker, case, ReturnStatus.DOCUMENTS_READY)
        actions.advance_voluntary_return(worker, case, ReturnStatus.TRAVELLED, on=day(30))
        case.refresh_from_db()
    if depth < 0.7:
        return
    case = actions.transition_case(worker, case, CaseStatus.REINTEGRATION)
    kinds = [t.code for t in vocabulary("reintegration_type").terms]
    actions.plan_follow_up(
        worker,
        case,
        kind=rng.choice(kinds),
        due_on=today + datetime.timedelta(days=rng.randint(-20, 60)),
    )
    if depth > 0.9 and not case.referrals.filter(status__in=["sent", "accepted"]).exists():
        actions.transition_case(worker, case, CaseStatus.CLOSED, note="Reintegration complete")


def seed(country: str, cases: int, *, seed: int = 1, log: Callable[[str], None] = print) -> None:
    organisations = ensure_organisations(country)
    users = ensure_users(country, organisations)
    workers = [u for u in users if u.role == "case_worker"]
    providers = [o for o in organisations if o.provides_services]
    partner = next((o for o in organisations if o.kind == OrganisationKind.INTERNATIONAL), None)
    coordinator = next(u for u in users if u.role == "coordinator")
    # The provider's own case worker answers its referrals; the coordinator stands in otherwise.
    responders = {org.pk: coordinator for org in providers}
    responders.update({u.organisation_id: u for u in workers if u.organisation_id in responders})
    if cases <= 0:
        log(f"  {country}: {len(users)} users, {len(organisations)} organisations, no cases")
        return
    from jokko.synth import generate_cases

    rng = random.Random(f"demo:{country}:{seed}")
    done = 0
    for synthetic in generate_cases(country, cases, seed=seed):
        worker = workers[done % len(workers)]
        with transaction.atomic():
            case, _ = actions.register_survivor(
                worker, person_input(synthetic.person), _case_input(synthetic)
            )
            _walk(rng, worker, case, synthetic, providers, partner, responders)
        done += 1
        if done % 250 == 0:
            log(f"  {country}: {done}/{cases} cases")
    log(f"  {country}: {done} cases, {len(users)} users, {len(organisations)} organisations")


def load_extra_persons(country: str, count: int, *, seed: int = 1) -> int:
    """Bulk-load `count` synthetic persons (no cases) owned by the node's first shelter."""
    from jokko.people.bulk import bulk_register_persons
    from jokko.synth import generate_persons

    loader = User.objects.filter(role="coordinator").order_by("pk").first()
    if loader is None:
        raise ValueError("seed the demo organisations and users first")
    inputs = (person_input(person) for person in generate_persons(country, count, seed=seed + 1000))
    return bulk_register_persons(loader, inputs, batch_size=5000)
