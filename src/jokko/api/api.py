"""The JSON API, version 1: the same actions and access rules as the pages, over HTTP+JSON.

Authentication is a bearer token (`Authorization: Bearer jk_...`, issued in the admin or with
`ApiToken.issue`). Every create accepts a client-generated `client_id`: the same request sent
twice (a phone on a dropped connection) answers 200 with the first result instead of 201. A
`client_id` already used by another author or on another case is refused (422).

Errors: 401 no/bad token · 403 role not allowed · 404 not found *or* not allowed to see (never
tells which) · 409 illegal transition or stale version · 422 invalid input, per field.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from jokko.accounts.access import (
    CASE_ROLES,
    JUSTICE_ROLES,
    ActionForbidden,
    NotFoundOrForbidden,
    can_list_cases,
    can_search_identities,
    has_role,
)
from jokko.accounts.models import ApiToken, Organisation
from jokko.actionplans.api import router as actionplans_router
from jokko.analytics.api import router as analytics_router
from jokko.api import schemas as s
from jokko.bulletins.api import router as bulletins_router
from jokko.campaigns.api import router as campaigns_router
from jokko.cases import actions
from jokko.cases.access import access_case_by_id, audit_case_read, can_see_identity, visible_cases
from jokko.cases.models import Case, Consent, Referral, ServiceDelivery
from jokko.cases.workflow import IllegalTransition
from jokko.community.api import router as community_router
from jokko.cooperation.api import router as cooperation_router
from jokko.crosslink.api import router as crosslink_router
from jokko.dashboards.api import router as dashboards_router
from jokko.dedup.api import router as dedup_router
from jokko.federation.api import router as federation_router
from jokko.htcds.api import router as htcds_router
from jokko.incidents.api import router as incidents_router
from jokko.investigations.api import router as investigations_router
from jokko.justice.api import router as justice_router
from jokko.maps.api import router as maps_router
from jokko.networks.api import router as networks_router
from jokko.odk.api import router as odk_router
from jokko.people.access import access_person_by_id
from jokko.people.actions import PersonInput, register_person
from jokko.people.models import Person
from jokko.people.search import search_persons
from jokko.programmes.api import router as programmes_router
from jokko.prosecutions.api import router as prosecutions_router
from jokko.releases.api import router as releases_router
from jokko.reports.api import router as reports_router
from jokko.spreadsheets.api import router as spreadsheets_router
from jokko.trainings.api import router as trainings_router

CHANNEL = "api"


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return ApiToken.authenticate(token)


api = NinjaAPI(
    title="Jokko API",
    version="1",
    description=__doc__ or "",
    auth=TokenAuth(),
    urls_namespace="api-v1",
    # The interactive docs page loads Swagger UI from a CDN: a node has no internet. The schema
    # itself is served at /api/v1/openapi.json and committed as docs/openapi.json.
    docs_url=None,
)


def _error(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(NotFoundOrForbidden)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "Not found.")


@api.exception_handler(ActionForbidden)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, _("Your role does not allow this action."))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, detail)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers a body that is not JSON with a bare 400, a status no operation
    # documents: it is invalid input like any other, so 422 with a message. Others unchanged.
    if exc.status_code == 400:
        return _error(request, 422, {"__all__": [_("The request body is not valid JSON.")]})
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(IllegalTransition)
def _illegal(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 409, str(exc))


@api.exception_handler(actions.StaleEdit)
def _stale(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 409, str(exc))


# Documented on every operation; the bodies come from the exception handlers above.
ERRORS: dict[int, Any] = {**s.ERRORS, 409: s.Error}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _require(allowed: bool) -> None:
    if not allowed:
        raise ActionForbidden


# --- serialisation -------------------------------------------------------------------------
def person_out(person: Person, *, identity: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": person.pk,
        "uid": person.uid,
        "pseudonym": person.pseudonym,
        "identity_shown": identity,
        "roles": person.role_list,
        "sex": person.sex,
        "birth_year": person.birth_year,
        "nationality": person.nationality,
    }
    if identity:
        data["names"] = [
            {"full_name": n.full_name, "script": n.script, "kind": n.kind}
            for n in person.names.all()
        ]
        data["phones"] = [p.number for p in person.phones.all()]
        data["documents"] = [
            {"document_type": d.document_type, "number": d.number} for d in person.documents.all()
        ]
    return data


def case_out(user: Any, case: Case) -> dict[str, Any]:
    return {
        **{
            field: getattr(case, field)
            for field in (
                "id",
                "uid",
                "reference",
                "status",
                "version",
                "case_type",
                "identification_source",
                "identified_on",
                "place_code",
                "origin_code",
                "transit_codes",
                "destination_code",
                "exploitation_types",
                "means_of_control",
                "recruiter_relation",
            )
        },
        "organisation": case.organisation.name,
        "person": person_out(case.person, identity=can_see_identity(user, case)),
    }


def referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "uid": referral.uid,
        "case_id": referral.case_id,
        "to_organisation": referral.to_organisation_id,
        "service_type": referral.service_type,
        "status": referral.status,
        "due_on": referral.due_on,
        "note": referral.note,
    }


def _person_input(data: s.SurvivorIn, client_id: uuid.UUID | None = None) -> PersonInput:
    return PersonInput(
        names=data.names,
        roles=data.roles,
        sex=data.sex,
        birth_date=data.birth_date,
        birth_year=data.birth_year,
        birth_precision=data.birth_precision,
        nationality=data.nationality,
        phones=data.phones,
        documents=[(d.document_type, d.number) for d in data.documents],
        client_id=client_id,
    )


def _case(request: HttpRequest, case_id: int) -> Case:
    return access_case_by_id(_user(request), case_id, channel=CHANNEL)


def _case_of(request: HttpRequest, case_id: int | None) -> Case:
    """The case a referral or service belongs to, through the same check as `/cases/{id}`."""
    if case_id is None:
        raise NotFoundOrForbidden
    return _case(request, case_id)


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    """A referral, if the user may see its case (as the page reaches it through the case)."""
    case_id = Referral.objects.filter(pk=referral_id).values_list("case_id", flat=True).first()
    referral = _case_of(request, case_id).referrals.filter(pk=referral_id).first()
    if referral is None:
        raise NotFoundOrForbidden
    return referral


# --- persons -------------------------------------------------------------------------------
@api.get("/persons", response={200: list[s.SearchHitOut], **ERRORS}, tags=["persons"])
def search(
    request: HttpRequest, q: str, mode: Literal["fuzzy", "exact"] = "fuzzy"
) -> list[dict[str, Any]]:
    """Search persons by name, phone or document number (exact or similar spellings)."""
    user = _user(request)
    _require(can_search_identities(user))
    hits = search_persons(user, q, fuzzy=mode != "exact", channel=CHANNEL)
    return [
        {
            "person": person_out(h.person, identity=True),
            "matched_name": h.matched_name,
            "score": h.score,
        }
        for h in hits
    ]


@api.get("/persons/{person_id}", response={200: s.PersonOut, **ERRORS}, tags=["persons"])
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = access_person_by_id(_user(request), person_id, purpose="api", channel=CHANNEL)
    return person_out(person, identity=True)


@api.post("/persons", response={200: s.PersonOut, 201: s.PersonOut, **ERRORS}, tags=["persons"])
def create_person(request: HttpRequest, payload: s.PersonIn) -> Status[dict[str, Any]]:
    """Register a person (e.g. a suspect by an investigator); idempotent with `client_id`."""
    user = _user(request)
    _require(has_role(user, CASE_ROLES | JUSTICE_ROLES) and user.organisation_id is not None)
    person, created = register_person(
        user, _person_input(payload, payload.client_id), channel=CHANNEL
    )
    person = access_person_by_id(user, person.pk, purpose="api-create", channel=CHANNEL)
    return Status(201 if created else 200, person_out(person, identity=True))


# --- cases ---------------------------------------------------------------------------------
@api.get("/cases", response={200: s.CasePage, **ERRORS}, tags=["cases"])
def list_cases(
    request: HttpRequest,
    status: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    user = _user(request)
    _require(can_list_cases(user))
    cases = visible_cases(user).select_related("organisation", "person").order_by("-id")
    if status:
        cases = cases.filter(status=status)
    page = list(cases[offset : offset + limit])
    return {"count": cases.count(), "items": [case_out(user, case) for case in page]}


@api.get("/cases/{case_id}", response={200: s.CaseOut, **ERRORS}, tags=["cases"])
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = _user(request)
    case = _case(request, case_id)
    audit_case_read(user, case, channel=CHANNEL)
    return case_out(user, case)


@api.post("/cases", response={200: s.CaseOut, 201: s.CaseOut, **ERRORS}, tags=["cases"])
def create_case(request: HttpRequest, payload: s.CaseIn) -> Status[dict[str, Any]]:
    """Identification: register a survivor and open their case in one request."""
    user = _user(request)
    case_input = actions.CaseInput(
        **payload.dict(exclude={"person", "client_id"}), client_id=payload.client_id
    )
    case, created = actions.register_survivor(
        user, _person_input(payload.person), case_input, channel=CHANNEL
    )
    return Status(201 if created else 200, case_out(user, _case(request, case.pk)))


@api.post("/cases/{case_id}/transition", response={200: s.CaseOut, **ERRORS}, tags=["cases"])
def transition(request: HttpRequest, case_id: int, payload: s.TransitionIn) -> dict[str, Any]:
    user = _user(request)
    case = actions.transition_case(
        user,
        _case(request, case_id),
        payload.target,
        note=payload.note,
        expected_version=payload.version,
        channel=CHANNEL,
    )
    return case_out(user, _case(request, case.pk))


@api.post("/cases/{case_id}/screenings", response={201: s.ScreeningOut, **ERRORS}, tags=["cases"])
def screen(request: HttpRequest, case_id: int, payload: s.ScreeningIn) -> Status[Any]:
    screening = actions.record_screening(
        _user(request), _case(request, case_id), **payload.dict(), channel=CHANNEL
    )
    return Status(201, screening)


@api.post("/cases/{case_id}/consents", response={201: s.ConsentOut, **ERRORS}, tags=["cases"])
def consent(request: HttpRequest, case_id: int, payload: s.ConsentIn) -> Status[Any]:
    record = actions.record_consent(
        _user(request), _case(request, case_id), **payload.dict(), channel=CHANNEL
    )
    return Status(201, record)


@api.post(
    "/cases/{case_id}/consents/{consent_id}/withdraw",
    response={200: s.ConsentOut, **ERRORS},
    tags=["cases"],
)
def withdraw(request: HttpRequest, case_id: int, consent_id: int, payload: s.WithdrawIn) -> Consent:
    case = _case(request, case_id)
    record = case.consents.filter(pk=consent_id).first()
    if record is None:
        raise NotFoundOrForbidden
    return actions.withdraw_consent(
        _user(request), record, on=payload.withdrawn_on, note=payload.note, channel=CHANNEL
    )


# --- referrals and services ----------------------------------------------------------------
@api.get(
    "/cases/{case_id}/referrals", response={200: list[s.ReferralOut], **ERRORS}, tags=["referrals"]
)
def list_referrals(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    return [referral_out(r) for r in _case(request, case_id).referrals.all()]


@api.post(
    "/cases/{case_id}/referrals",
    response={200: s.ReferralOut, 201: s.ReferralOut, **ERRORS},
    tags=["referrals"],
)
def refer(request: HttpRequest, case_id: int, payload: s.ReferralIn) -> Status[dict[str, Any]]:
    case = _case(request, case_id)
    organisation = Organisation.objects.filter(pk=payload.to_organisation).first()
    if organisation is None:
        raise ValidationError({"to_organisation": [_("Unknown organisation.")]})
    referral, created = actions.refer_case(
        _user(request),
        case,
        to_organisation=organisation,
        service_type=payload.service_type,
        due_on=payload.due_on,
        note=payload.note,
        client_id=payload.client_id,
        channel=CHANNEL,
    )
    return Status(201 if created else 200, referral_out(referral))


@api.post(
    "/referrals/{referral_id}/status", response={200: s.ReferralOut, **ERRORS}, tags=["referrals"]
)
def referral_status(
    request: HttpRequest, referral_id: int, payload: s.ReferralStatusIn
) -> dict[str, Any]:
    referral = actions.transition_referral(
        _user(request),
        _referral(request, referral_id),
        payload.status,
        note=payload.note,
        channel=CHANNEL,
    )
    return referral_out(referral)


@api.get("/referrals/{referral_id}", response={200: s.ReferralOut, **ERRORS}, tags=["referrals"])
def get_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    return referral_out(_referral(request, referral_id))


@api.get(
    "/cases/{case_id}/services", response={200: list[s.ServiceOut], **ERRORS}, tags=["services"]
)
def list_services(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    return [_service_out(service) for service in _case(request, case_id).services.all()]


def _service_out(service: ServiceDelivery) -> dict[str, Any]:
    return {
        "id": service.pk,
        "uid": service.uid,
        "case_id": service.case_id,
        "service_type": service.service_type,
        "delivered_on": service.delivered_on,
        "provider": service.provider_id,
        "referral_id": service.referral_id,
    }


@api.post(
    "/cases/{case_id}/services",
    response={200: s.ServiceOut, 201: s.ServiceOut, **ERRORS},
    tags=["services"],
)
def record_service(
    request: HttpRequest, case_id: int, payload: s.ServiceIn
) -> Status[dict[str, Any]]:
    case = _case(request, case_id)
    referral = None
    if payload.referral_id is not None:
        referral = case.referrals.filter(pk=payload.referral_id).first()
        if referral is None:
            raise ValidationError({"referral_id": [_("This referral belongs to another case.")]})
    service, created = actions.record_service(
        _user(request),
        case,
        service_type=payload.service_type,
        delivered_on=payload.delivered_on,
        referral=referral,
        notes=payload.notes,
        client_id=payload.client_id,
        channel=CHANNEL,
    )
    return Status(201 if created else 200, _service_out(service))


@api.get("/services/{service_id}", response={200: s.ServiceOut, **ERRORS}, tags=["services"])
def get_service(request: HttpRequest, service_id: int) -> dict[str, Any]:
    case_id = (
        ServiceDelivery.objects.filter(pk=service_id).values_list("case_id", flat=True).first()
    )
    service = _case_of(request, case_id).services.filter(pk=service_id).first()
    if service is None:
        raise NotFoundOrForbidden
    return _service_out(service)


# Each domain app keeps its routes in its own `api.py`; they share this API's auth and errors.
api.add_router("/federation", federation_router)
api.add_router("/bulletins", bulletins_router)
api.add_router("/crosslink", crosslink_router)
api.add_router("/dedup", dedup_router)
api.add_router("/incidents", incidents_router)
api.add_router("/investigations", investigations_router)
api.add_router("/prosecutions", prosecutions_router)
api.add_router("/cooperation", cooperation_router)
api.add_router("/justice", justice_router)
api.add_router("/trainings", trainings_router)
api.add_router("/actionplans", actionplans_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/community", community_router)
api.add_router("/programmes", programmes_router)
api.add_router("/htcds", htcds_router)
api.add_router("/releases", releases_router)
api.add_router("/odk", odk_router)
api.add_router("/spreadsheets", spreadsheets_router)
api.add_router("/analytics", analytics_router)
api.add_router("/dashboards", dashboards_router)
api.add_router("/maps", maps_router)
api.add_router("/networks", networks_router)
api.add_router("/reports", reports_router)
