"""Sample submissions as ODK Collect and KoboToolbox produce them, for Jokko's forms and the
HTCDS form. Built from the forms' real question names and group paths."""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

KIDIRA = "SN-TC-KIDIRA"
TAMBACOUNDA = "SN-TC"

IDENTIFICATION_ANSWERS: dict[str, dict[str, str]] = {
    "survivor": {
        "given_name": "Aïssatou",
        "family_name": "Diallo",
        "other_names": "Aissatou Dialo; Fatou",
        "sex": "female",
        "birth_date": "",
        "birth_year": "2008",
        "nationality": "GN",
        "phone": "+221 77 123 45 67",
    },
    "case": {
        "case_type": "tip",
        "identified_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
        "region": TAMBACOUNDA,
        "place_code": KIDIRA,
        "identification_source": "vigilance_committee",
        "exploitation_types": "forced_labour ForcedBegging",
        "means_of_control": "",
        "recruiter_relation": "",
        "summary": "Interceptée à la frontière de Kidira.",
    },
    "consent": {"consent_scopes": "referral statistics", "consent_form": "verbal"},
}

REPORT_ANSWERS: dict[str, dict[str, str]] = {
    "report": {
        "description": "Un car avec douze enfants talibés en route vers Dakar.",
        "region": TAMBACOUNDA,
        "place_code": KIDIRA,
        "place_text": "Gare routière",
        "suspected_offence": "tip",
        "persons_count": "12",
        "children_involved": "yes",
        "urgency": "immediate",
    },
    "reporter": {"contact": ""},
}

HTCDS_ANSWERS: dict[str, str] = {
    "con_Consent": "TRUE",
    "prs_First_Name": "Mariama",
    "prs_Second_Name": "Bah",
    "prs_Birthdate": "2006-04-01",
    "prs_Gender": "Feminine",
    "prs_Citizenship": "GN",
    "prs_MobilePhone": "+224 620 00 00 00",
    "vic_TypeOfExploitation": "ForcedLabour ForcedBegging",
    "vic_Methods_of_Control": "FalsePromises WithholdsDocuments",
    "vic_TraffickingStatusDecisionMakingOrg": "NGO",
    "cas_Status": "Active",
    "cas_IncomingReferralDate": (datetime.date.today() - datetime.timedelta(days=5)).isoformat(),
}


def new_instance_id() -> str:
    return f"uuid:{uuid.uuid4()}"


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def odk_xml(
    groups: dict[str, dict[str, str]] | dict[str, str],
    *,
    form_id: str = "jokko_identification",
    version: str = "2026112301",
    instance_id: str | None = None,
) -> bytes:
    """An instance as ODK Collect writes it: groups as nested elements, meta/instanceID."""
    body = []
    for name, value in groups.items():
        if isinstance(value, dict):
            inner = "".join(f"<{k}>{_xml_escape(v)}</{k}>" for k, v in value.items())
            body.append(f"<{name}>{inner}</{name}>")
        else:
            body.append(f"<{name}>{_xml_escape(value)}</{name}>")
    instance = instance_id or new_instance_id()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<data xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms" '
        f'id="{form_id}" version="{version}">'
        "<start>2026-11-20T09:00:00.000Z</start><end>2026-11-20T09:12:00.000Z</end>"
        + "".join(body)
        + f"<meta><instanceID>{instance}</instanceID></meta></data>"
    ).encode()


def kobo_record(
    groups: dict[str, dict[str, str]] | dict[str, str], *, instance_id: str | None = None
) -> dict[str, Any]:
    """A submission as KoboToolbox's API (/api/v2/assets/<uid>/data/) returns it."""
    instance = instance_id or new_instance_id()
    record: dict[str, Any] = {
        "_id": 4021,
        "formhub/uuid": "0c5ad6f3c2b04b2f8e0b4c0f4e1c2f1a",
        "start": "2026-11-20T09:00:00.000+00:00",
        "end": "2026-11-20T09:12:00.000+00:00",
        "__version__": "vBk3hS8Lc3tqPwWn2cUzi4",
        "meta/instanceID": instance,
        "_xform_id_string": "aJ9tQn6bQfYXk7Lp2vGkQe",
        "_uuid": instance.removeprefix("uuid:"),
        "_attachments": [],
        "_status": "submitted_via_web",
        "_geolocation": [None, None],
        "_submission_time": "2026-11-20T09:15:02",
        "_tags": [],
        "_notes": [],
        "_validation_status": {},
        "_submitted_by": None,
    }
    for name, value in groups.items():
        if isinstance(value, dict):
            for key, answer in value.items():
                if answer:  # Kobo leaves unanswered questions out
                    record[f"{name}/{key}"] = answer
        elif value:
            record[name] = value
    return record


def kobo_json(*records: dict[str, Any]) -> bytes:
    return json.dumps(
        {"count": len(records), "next": None, "previous": None, "results": list(records)}
    ).encode()
