"""Cases -> HTCDS 2.0 records, as JSON or as the standard's spreadsheet template.

Identities (names, phones, identity numbers) are exported only to a user who may see the
survivor's identity on that case, and each such export is an audited read of the person.
Every export is validated against the generated JSON Schema before it is written: a file
that leaves Jokko is always valid HTCDS.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from jokko.audit.actions import record as audit
from jokko.cases.access import can_see_identity
from jokko.cases.models import Case, Consent, Referral
from jokko.cases.workflow import CaseStatus
from jokko.htcds.mapping import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PLACEHOLDER_NAME,
    SCREENING_TO_STATUS,
    htcds_value,
    htcds_values,
    place_event,
)
from jokko.htcds.schema import HTCDS_VERSION, REPEATED_TABLES, document_errors, load_standard
from jokko.people.models import NameKind

# The standard's spreadsheet template ("HTCDS Excel Spreadsheet v2.0.xlsx", Sheet1): row 1 holds
# field names, row 2 labels, data from row 3 with a row number in column A. The template
# misspells one name (vic_TraffickinStatusDecisionMakingOrg) and leaves the name of the
# "Reason for Outgoing Referral" column empty: Jokko writes the standard's correct names in the
# same positions and accepts the template's spelling on import.
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "cas_CaseOwner",
    "prs_Salutation",
    "prs_FirstName",
    "prs_SecondName",
    "con_Consent",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
    "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker",
    "cas_ReasonForOutgoingReferral",
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
)
TEMPLATE_ALIASES: dict[str, str] = {
    "vic_TraffickinStatusDecisionMakingOrg": "vic_TraffickingStatusDecisionMakingOrg",
}
TEMPLATE_SHEET = "Sheet1"
MULTI_SEPARATOR = ";"


class ExportInvalid(ValueError):
    """The export would not validate against the HTCDS schema (a bug: nothing is written)."""


def source_system() -> str:
    return f"jokko:{settings.NODE_COUNTRY}"


def _prefetched(cases: Iterable[Case]) -> Iterator[Case]:
    if isinstance(cases, QuerySet):
        cases = (
            cases.select_related("person", "htcds_import")
            .prefetch_related(
                "person__names",
                "person__phones",
                "person__documents",
                Prefetch("consents", queryset=Consent.objects.filter(withdrawn_on__isnull=True)),
                Prefetch(
                    "referrals",
                    queryset=Referral.objects.select_related("to_organisation").order_by("id"),
                ),
                "services",
                "plans",
                "screenings",
            )
            .order_by("id")
        )
    yield from cases


def _identity(case: Case) -> dict[str, Any]:
    person = case.person
    names = sorted(person.names.all(), key=lambda n: (n.kind != NameKind.PRIMARY, n.pk))
    fields: dict[str, Any] = {}
    if names and names[0].full_name != PLACEHOLDER_NAME:
        first, _, rest = names[0].full_name.partition(" ")
        fields["prs_FirstName"] = first
        if rest:
            fields["prs_SecondName"] = rest
    phones = [p.number for p in sorted(person.phones.all(), key=lambda p: p.pk)]
    if phones:
        fields["prs_MobilePhone"] = phones[0]
    if len(phones) > 1:
        fields["prs_HomePhone"] = phones[1]
    documents = [d.number for d in sorted(person.documents.all(), key=lambda d: d.pk)]
    if documents:
        fields["prs_IdentityNumber"] = documents[0]
    return fields


def case_record(case: Case, *, with_identity: bool) -> dict[str, Any]:
    """One case as an HTCDS record (identity fields only when ``with_identity``)."""
    person = case.person
    record: dict[str, Any] = {
        "x_SourceSystem": source_system(),
        "x_SourceId": case.reference,
        "x_CaseType": case.case_type,
        "x_IdentificationDate": case.identified_on.isoformat(),
        "x_IdentificationPlace": case.place_code,
    }
    if with_identity:
        record.update(_identity(case))
    if person.birth_date is not None and person.birth_precision == "exact":
        record["prs_Birthdate"] = person.birth_date.isoformat()
    elif person.birth_year:
        record["x_BirthYear"] = person.birth_year
    record["prs_Gender"] = htcds_value("sex", person.sex)
    if person.nationality:
        record["prs_Citizenship"] = [person.nationality]
    for name, language in zip(
        ("prs_PrimaryLanguage", "prs_SecondaryLanguage"), person.languages or [], strict=False
    ):
        record[name] = language
    screenings = sorted(case.screenings.all(), key=lambda s: (s.screened_on, s.pk))
    if screenings:
        record["vic_TraffickingStatus"] = SCREENING_TO_STATUS.get(screenings[-1].outcome, "")
    record["vic_TraffickingStatusDecisionMakingOrg"] = htcds_value(
        "identification_source", case.identification_source
    )
    record["vic_RelationshipToTrafficker"] = htcds_value(
        "recruiter_relation", case.recruiter_relation
    )
    record["vic_TypeOfExploitation"] = htcds_values("exploitation_type", case.exploitation_types)
    record["vic_MethodsOfControl"] = htcds_values("means_of_control", case.means_of_control)
    closed = case.status == CaseStatus.CLOSED
    record["cas_Status"] = "Closed" if closed else "Active"
    if closed and case.closure_reason:
        record["cas_ReasonForCaseClosure"] = case.closure_reason
    record["con_Consent"] = bool(list(case.consents.all()))
    referrals = list(case.referrals.all())
    if referrals:
        last = referrals[-1]
        record["cas_ReferredOrganisation"] = last.to_organisation.name
        record["cas_OutgoingReferralDate"] = last.created_at.date().isoformat()
        record["cas_ReasonForOutgoingReferral"] = "AdditionalServicesRequired"
    events = []
    if case.origin_code:
        events.append(place_event("Recruitment", case.origin_code))
    events.extend(place_event("Transit", code) for code in case.transit_codes or [])
    if case.destination_code:
        events.append(place_event("Exploitation", case.destination_code))
    record["HistoricTraffickingEvents"] = events
    plans: list[dict[str, Any]] = []
    for service in sorted(case.services.all(), key=lambda s: s.pk):
        plan = {"spl_ActualEndDate": service.delivered_on.isoformat()}
        if htcds_value("service_type", service.service_type):
            plan["spl_Type"] = htcds_value("service_type", service.service_type)
        plans.append(plan)
    for case_plan in sorted(case.plans.all(), key=lambda p: p.pk):
        plan = {}
        if with_identity:  # the goals are free text about the survivor
            plan["spl_Objectives"] = case_plan.goals
        if case_plan.review_on:
            plan["spl_PlannedEndDate"] = case_plan.review_on.isoformat()
        if plan:
            plans.append(plan)
    record["SupportPlans"] = plans
    record = {k: v for k, v in record.items() if v not in ("", [], None)}
    imported = getattr(case, "htcds_import", None)
    if imported is not None:
        for name, value in imported.preserved.items():
            if not with_identity and name in IDENTITY_FIELDS:
                continue
            if name in REPEATED_TABLES.values() and isinstance(value, list):
                record[name] = [*record.get(name, []), *value]  # entries Jokko could not map
            elif name not in record or _refines(name, value, record[name]):
                record[name] = value
    return record


def _refines(name: str, kept: Any, produced: Any) -> bool:
    """Whether a value kept from the import says more than, and agrees with, what Jokko has.

    Jokko records one nationality and no "follow-up" or "closed and referred" status: an
    imported ["SN", "ML"] or "ClosedReferred" is given back while the case still agrees.
    """
    if name == "prs_Citizenship":
        return isinstance(kept, list) and bool(kept) and kept[0] == (produced or [None])[0]
    if name == "cas_Status":
        return (kept in CLOSED_STATUSES and produced == "Closed") or (
            kept in OPEN_STATUSES and produced == "Active"
        )
    return False


IDENTITY_FIELDS = frozenset(
    {
        "prs_Salutation",
        "prs_FirstName",
        "prs_MiddleName",
        "prs_SecondName",
        "prs_IdentityNumber",
        "prs_Email",
        "prs_HomePhone",
        "prs_MobilePhone",
        "prs_MailingStreet",
        "prs_MailingPostalCode",
        "prs_MailingLatitude",
        "prs_MailingLongitude",
    }
)


def iter_export(
    cases: Iterable[Case], *, user: Any = None, channel: str = "web"
) -> Iterator[dict[str, Any]]:
    """HTCDS records of ``cases`` one at a time (the command line shows progress on it)."""
    for case in _prefetched(cases):
        with_identity = user is not None and can_see_identity(user, case)
        if with_identity:
            audit(
                user,
                "read",
                "person",
                case.person_id,
                person_id=case.person_id,
                channel=channel,
                purpose="htcds_export",
                case=case.reference,
            )
        yield case_record(case, with_identity=with_identity)


def export_cases(
    cases: Iterable[Case], *, user: Any = None, channel: str = "web"
) -> list[dict[str, Any]]:
    """HTCDS records of ``cases``, in id order; identities only for a ``user`` who may see them.

    Each identity exported is audited as a read of the person (purpose ``htcds_export``).
    """
    return list(iter_export(cases, user=user, channel=channel))


def document(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole exchange file, validated; raises `ExportInvalid` listing every problem."""
    doc = {
        "htcds_version": HTCDS_VERSION,
        "source_system": source_system(),
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "records": records,
    }
    errors = document_errors(doc)
    if errors:
        raise ExportInvalid("; ".join(errors[:20]))
    return doc


def to_json(records: list[dict[str, Any]]) -> bytes:
    return (json.dumps(document(records), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _labels() -> dict[str, str]:
    return {f["name"]: f["label"] for f in load_standard()["fields"]}


def sheet_columns(records: list[dict[str, Any]]) -> list[str]:
    """The template's columns, then every other field the records carry (sorted)."""
    extra = sorted({key for r in records for key in r} - set(TEMPLATE_COLUMNS))
    return [*TEMPLATE_COLUMNS, *extra]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return MULTI_SEPARATOR.join(value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def to_xlsx(records: list[dict[str, Any]]) -> bytes:
    """The records in the layout of "HTCDS Excel Spreadsheet v2.0.xlsx", formulas neutralised.

    Multiselect values are joined with ";"; repeatable tables (HistoricTraffickingEvents...) go
    in one cell as JSON. Text is neutralised with `jokko.tabular.neutralise` (a leading
    apostrophe before = + - @), which the importer removes again.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from jokko.tabular import neutralise

    document(records)  # validate first
    columns = sheet_columns(records)
    labels = _labels()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    sheet.append([None, *columns])
    sheet.append([None, *(labels.get(c, c) for c in columns)])
    for cell in [*sheet[1], *sheet[2]]:
        cell.font = Font(bold=True)
    for number, record in enumerate(records, start=1):
        row: list[Any] = [number]
        for column in columns:
            value = _cell(record.get(column))
            row.append(neutralise(value) if isinstance(value, str) else value)
        sheet.append(row)
        for cell in sheet[sheet.max_row][1:]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
