"""The JSON Schema (draft 2020-12) of an HTCDS 2.0 exchange file, derived from the standard.

Why generated: HTCDS publishes no JSON Schema, only its field standard. Deriving the schema
from the committed machine-readable copy (``standard/htcds-2.0-fields.json``, itself extracted
from the published .ods) keeps every field name and picklist value exactly as published; the
committed ``htcds-2.0.schema.json`` is checked against this function by the tests.

Shape of a file::

    {"htcds_version": "2.0", "source_system": "jokko:SN", "exported_at": "...",
     "records": [ {<one case>} ]}

One record is one case of one person: the single-valued tables (``prs_`` person, ``vic_``
victim context, ``cas_`` case and referral details, ``con_`` consent) are flat properties;
the repeatable tables are arrays of objects under ``Perpetrators`` (``per_``),
``CaseComments`` (``cco_``), ``HistoricTraffickingEvents`` (``hte_``), ``SupportPlans``
(``spl_``) and ``Organisations`` (``org_``). Picklists are their Value Names; multiselect
picklists are arrays of Value Names; dates are ISO yyyy-mm-dd.

Jokko adds a few bookkeeping and precision fields the standard lacks, all prefixed ``x_``
(``EXTENSION_FIELDS``); other systems may ignore them. HTCDS is (c) IOM, CC BY 4.0; IOM does not
endorse Jokko. No Django import here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jokko.htcds.extract import ATTRIBUTION, load_standard

SCHEMA_PATH = Path(__file__).resolve().parent / "htcds-2.0.schema.json"
SCHEMA_ID = "https://jokko.example.org/schemas/htcds-2.0.schema.json"
HTCDS_VERSION = "2.0"

SINGLE_PREFIXES: tuple[str, ...] = ("prs_", "vic_", "cas_", "con_")
REPEATED_TABLES: dict[str, str] = {
    "per_": "Perpetrators",
    "cco_": "CaseComments",
    "hte_": "HistoricTraffickingEvents",
    "spl_": "SupportPlans",
    "org_": "Organisations",
}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

EXTENSION_FIELDS: dict[str, dict[str, Any]] = {
    "x_SourceSystem": {
        "type": "string",
        "description": "System that holds the original record (e.g. jokko:SN).",
    },
    "x_SourceId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
        "description": "Stable identifier of the record in its source system: re-importing "
        "the same (x_SourceSystem, x_SourceId) updates a case instead of duplicating it.",
    },
    "x_CaseType": {
        "type": "string",
        "description": "Jokko case type: trafficking (tip), smuggling (som) or both (tip_som).",
    },
    "x_IdentificationDate": {
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
        "description": "Date the person was identified (HTCDS has no identification date).",
    },
    "x_IdentificationPlace": {
        "type": "string",
        "description": "Place of identification, a Jokko gazetteer code (e.g. SN-TC-KIDIRA).",
    },
    "x_BirthYear": {
        "type": "integer",
        "minimum": 1900,
        "maximum": 2100,
        "description": "Year of birth when the exact date (prs_Birthdate) is unknown.",
    },
}


def standard_fields() -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = load_standard()["fields"]
    return fields


def field_schema(field: dict[str, Any]) -> dict[str, Any]:
    """Schema of one HTCDS field from its published type and picklist."""
    kind = field["type"].lower()
    values = [value["name"] for value in field["values"]]
    description = field["label"] + (f": {field['description']}" if field["description"] else "")
    schema: dict[str, Any]
    if kind == "checkbox":
        schema = {"type": "boolean"}
    elif kind in {"number", "geolocation"}:
        schema = {"type": "number"}
    elif kind == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif kind.startswith("multiselect"):
        items: dict[str, Any] = {"enum": values} if values else {"type": "string"}
        schema = {"type": "array", "items": items, "uniqueItems": True}
    elif kind == "picklist" and values:
        schema = {"enum": values}
    else:
        schema = {"type": "string"}
    schema["title"] = field["label"] or field["short_name"]
    schema["description"] = description
    if field["value_rule"]:
        schema["$comment"] = field["value_rule"]
    if field["status"].upper() == "DEPRECATED":
        schema["deprecated"] = True
    return schema


def _table(prefix: str) -> dict[str, Any]:
    properties = {f["name"]: field_schema(f) for f in standard_fields() if f["prefix"] == prefix}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def record_schema() -> dict[str, Any]:
    """Schema of one record (one case); unknown keys are allowed and reported by the importer."""
    properties: dict[str, Any] = {}
    for field in standard_fields():
        if field["prefix"] in SINGLE_PREFIXES:
            properties[field["name"]] = field_schema(field)
    for key in REPEATED_TABLES.values():
        properties[key] = {"type": "array", "items": {"$ref": f"#/$defs/{key}"}}
    properties.update(EXTENSION_FIELDS)
    return {"type": "object", "properties": properties}


def htcds_schema() -> dict[str, Any]:
    """The whole-file JSON Schema, generated from the committed copy of the standard."""
    defs: dict[str, Any] = {"record": record_schema()}
    for prefix, key in REPEATED_TABLES.items():
        defs[key] = _table(prefix)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "HTCDS 2.0 exchange file",
        "description": (
            "Derived by Jokko from the Human Trafficking Case Data Standard 2.0 by IOM "
            "(CC BY 4.0, https://github.com/UNMigration/HTCDS). IOM does not endorse Jokko."
        ),
        "$comment": json.dumps(ATTRIBUTION, ensure_ascii=False, sort_keys=True),
        "type": "object",
        "required": ["htcds_version", "records"],
        "properties": {
            "htcds_version": {"const": HTCDS_VERSION},
            "source_system": {"type": "string"},
            "exported_at": {"type": "string"},
            "records": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
        "$defs": defs,
    }


def schema_document() -> str:
    return json.dumps(htcds_schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(htcds_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def record_errors(record: Any) -> list[str]:
    """Every schema violation of one record, as "field: message" lines (empty when valid)."""
    from jsonschema import Draft202012Validator

    schema = htcds_schema()
    validator = Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": "#/$defs/record"},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = []
    for error in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.path))):
        where = "/".join(str(p) for p in error.path) or "record"
        errors.append(f"{where}: {error.message[:300]}")
    return errors


def document_errors(document: Any) -> list[str]:
    """Every schema violation of a whole file (empty when valid)."""
    errors = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path))):
        where = "/".join(str(p) for p in error.path) or "file"
        errors.append(f"{where}: {error.message[:300]}")
    return errors


def field_names() -> set[str]:
    """Every key a record may carry that Jokko understands (standard and extension)."""
    return set(record_schema()["properties"])
