"""Request and response shapes of the JSON API. Codes are taxonomy and gazetteer codes."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Field, Schema


class NameOut(Schema):
    full_name: str
    script: str
    kind: str


class DocumentIn(Schema):
    document_type: str
    number: str


class DocumentOut(DocumentIn):
    pass


class SurvivorIn(Schema):
    """A person as part of another create (the enclosing record carries the `client_id`)."""

    names: list[str] = Field(
        ..., min_length=1, description="First is the main name; others are aliases."
    )
    roles: list[str] = ["survivor"]
    sex: str = Field("", description="Taxonomy code (vocabulary `sex`).")
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    birth_precision: str = "year"
    nationality: str = Field("", description="ISO 3166-1 alpha-2 country code.")
    phones: list[str] = []
    documents: list[DocumentIn] = []


class PersonIn(SurvivorIn):
    client_id: uuid.UUID | None = Field(
        None, description="Client-generated id: a retry returns the first result."
    )


class PersonOut(Schema):
    id: int
    uid: uuid.UUID
    pseudonym: str
    identity_shown: bool
    roles: list[str]
    sex: str
    birth_year: int | None
    nationality: str
    names: list[NameOut] = Field(
        default_factory=list, description="Empty unless identity may be shown."
    )
    phones: list[str] = Field(default_factory=list)
    documents: list[DocumentOut] = Field(default_factory=list)


class CaseIn(Schema):
    client_id: uuid.UUID | None = Field(
        None, description="Client-generated id: a retry returns the first result."
    )
    person: SurvivorIn
    case_type: str
    identification_source: str
    identified_on: datetime.date
    place_code: str
    origin_code: str = ""
    transit_codes: list[str] = []
    destination_code: str = ""
    exploitation_types: list[str] = []
    means_of_control: list[str] = []
    recruiter_relation: str = ""
    summary: str = ""


class CaseOut(Schema):
    id: int
    uid: uuid.UUID
    reference: str
    status: str
    version: int
    case_type: str
    identification_source: str
    identified_on: datetime.date
    place_code: str
    origin_code: str
    transit_codes: list[str]
    destination_code: str
    exploitation_types: list[str]
    means_of_control: list[str]
    recruiter_relation: str
    organisation: str
    person: PersonOut


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class TransitionIn(Schema):
    target: str
    note: str = ""
    version: int = Field(..., description="The version the client last saw; a stale one gets 409.")


class ScreeningIn(Schema):
    outcome: str
    screened_on: datetime.date
    indicators: list[str] = []
    notes: str = ""


class ScreeningOut(Schema):
    id: int
    outcome: str
    screened_on: datetime.date


class ConsentIn(Schema):
    scopes: list[str]
    given_on: datetime.date
    recipients: str = ""
    form: str = "written"
    language: str = ""
    given_by_guardian: bool = False


class ConsentOut(Schema):
    id: int
    scopes: list[str]
    given_on: datetime.date
    withdrawn_on: datetime.date | None


class WithdrawIn(Schema):
    withdrawn_on: datetime.date
    note: str = ""


class ReferralIn(Schema):
    client_id: uuid.UUID | None = None
    to_organisation: int
    service_type: str
    due_on: datetime.date | None = None
    note: str = ""


class ReferralOut(Schema):
    id: int
    uid: uuid.UUID
    case_id: int
    to_organisation: int
    service_type: str
    status: str
    due_on: datetime.date
    note: str


class ReferralStatusIn(Schema):
    status: str
    note: str = ""


class ServiceIn(Schema):
    client_id: uuid.UUID | None = None
    service_type: str
    delivered_on: datetime.date
    referral_id: int | None = None
    notes: str = ""


class ServiceOut(Schema):
    id: int
    uid: uuid.UUID
    case_id: int
    service_type: str
    delivered_on: datetime.date
    provider: int
    referral_id: int | None


class SearchHitOut(Schema):
    person: PersonOut
    matched_name: str
    score: float


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: dict[str, list[str]] | list[dict[str, Any]] = Field(
        ...,
        description="Messages per field (`__all__` for the whole record), or the parser's list "
        "of errors for malformed JSON and wrong types.",
    )


# The error bodies every route documents (statuses as the module docstring of api.py explains);
# the exception handlers in api.py produce them for the routers of every app alike.
ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 422: ValidationErrors}
