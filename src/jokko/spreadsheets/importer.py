"""Turn a mapped table into the inputs of Jokko's real actions, and report every bad cell.

`plan_import` reads and validates every row WITHOUT writing: cell parsing (dates, codes, places),
duplicate rows within the file, and the actions' own validation (`clean_person_input`,
`clean_case_input`, `clean_incident_input`), so the preview shows exactly the errors the commit
would meet. `write_rows` then calls `register_person` / `register_survivor` / `record_incident`
for each row; the caller wraps it in one transaction so a failure anywhere writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _g

from jokko.accounts.access import ActionForbidden
from jokko.cases import actions as case_actions
from jokko.incidents import actions as incident_actions
from jokko.incidents.models import IncidentKind, Offence
from jokko.people import actions as people_actions
from jokko.people.models import BirthDatePrecision, PersonRole
from jokko.spreadsheets.fields import CellError, ImportField, fields_for, fold
from jokko.spreadsheets.models import ImportKind
from jokko.tabular import Table
from jokko.taxonomy import vocabulary
from jokko.web.templatetags.jokko import place

# Which import field a message of an action about one of its input fields belongs to.
_ACTION_FIELD = {
    "names": "name",
    "roles": "role",
    "birth_precision": "birth_date",
    "counted": "survivors_count",
    "transit_codes": "place_code",
}
_VOCABULARY_OF = {
    "sex": "sex",
    "case_type": "case_type",
    "identification_source": "identification_source",
    "exploitation_types": "exploitation_type",
    "means_of_control": "means_of_control",
    "recruiter_relation": "recruiter_relation",
}
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class PlannedRow:
    line: int
    values: dict[str, Any]
    inputs: tuple[Any, ...] = ()


@dataclass
class ImportPlan:
    kind: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def mapping_errors(kind: str, headers: list[str], mapping: dict[str, str]) -> list[str]:
    """Problems with the mapping itself: required fields without a column, unknown columns."""
    problems: list[str] = []
    known = {f.name: f for f in fields_for(kind)}
    for name, header in mapping.items():
        if name not in known:
            problems.append(_g("Unknown field “%(field)s”.") % {"field": name})
        elif header not in headers:
            problems.append(
                _g("The file has no column “%(column)s” (for %(field)s).")
                % {"column": header, "field": known[name].label}
            )
    used = [header for header in mapping.values() if header]
    for header in sorted({h for h in used if used.count(h) > 1}):
        problems.append(_g("The column “%(column)s” is chosen twice.") % {"column": header})
    for import_field in known.values():
        if import_field.required and not mapping.get(import_field.name):
            problems.append(
                _g("“%(field)s” is required: choose the column that holds it.")
                % {"field": import_field.label}
            )
    return problems


def plan_import(user: Any, kind: str, table: Table, mapping: dict[str, str]) -> ImportPlan:
    """Every row parsed and validated; nothing written."""
    plan = ImportPlan(kind=kind)
    fields = [f for f in fields_for(kind) if mapping.get(f.name)]
    labels = {f.name: f.label for f in fields_for(kind)}

    def column(name: str) -> str:
        if name == "birth_year" and not mapping.get(name):
            name = "age"  # an implausible year computed from the age column
        return mapping.get(name) or str(labels.get(name, name))

    seen: dict[tuple[str, ...], int] = {}
    units = {fold(u.name): u for u in incident_actions.recording_units(user)}
    for row in table.rows:
        values: dict[str, Any] = {}
        row_errors: list[RowError] = []
        for import_field in fields:
            raw = row.values.get(mapping[import_field.name], "")
            if not raw:
                if import_field.required:
                    row_errors.append(
                        RowError(row.line, column(import_field.name), _g("This cell is empty."))
                    )
                continue
            try:
                values[import_field.name] = import_field.parse(raw)
            except CellError as exc:
                row_errors.append(RowError(row.line, column(import_field.name), str(exc)))
        key = tuple(
            " ".join(row.values.get(mapping[f.name], "").casefold().split()) for f in fields
        )
        if key in seen:
            row_errors.append(
                RowError(
                    row.line,
                    "",
                    _g("This row repeats line %(line)s; remove the duplicate.")
                    % {"line": seen[key]},
                )
            )
        else:
            seen[key] = row.line
        if not row_errors:
            try:
                inputs = _inputs(user, kind, values, units)
                _validate(user, kind, inputs)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    target = _ACTION_FIELD.get(name, name)
                    for message in messages:
                        row_errors.append(RowError(row.line, column(target), message))
            except CellError as exc:
                row_errors.append(RowError(row.line, column("unit"), str(exc)))
            else:
                plan.rows.append(PlannedRow(row.line, values, inputs))
        plan.errors.extend(row_errors)
    return plan


def _person_input(
    values: dict[str, Any], *, role: str, reference_year: int
) -> people_actions.PersonInput:
    birth_date: dt.date | None = values.get("birth_date")
    birth_year: int | None = values.get("birth_year")
    precision = BirthDatePrecision.YEAR
    if birth_date is not None:
        precision = BirthDatePrecision.EXACT
    elif birth_year is None and values.get("age") is not None:
        birth_year = reference_year - int(values["age"])
        precision = BirthDatePrecision.APPROXIMATE
    return people_actions.PersonInput(
        names=[values["name"], *values.get("other_names", [])] if values.get("name") else [],
        roles=[role],
        sex=values.get("sex", ""),
        birth_date=birth_date,
        birth_year=birth_year,
        birth_precision=precision,
        nationality=values.get("nationality", ""),
        phones=values.get("phones", []),
        notes=values.get("notes", ""),
    )


def _inputs(user: Any, kind: str, values: dict[str, Any], units: dict[str, Any]) -> tuple[Any, ...]:
    today = timezone.localdate()
    if kind == ImportKind.PERSONS:
        role = values.get("role") or PersonRole.SURVIVOR.value
        return (_person_input(values, role=role, reference_year=today.year),)
    if kind == ImportKind.CASES:
        identified_on: dt.date = values["identified_on"]
        person = _person_input(
            values, role=PersonRole.SURVIVOR.value, reference_year=identified_on.year
        )
        case = case_actions.CaseInput(
            case_type=values["case_type"],
            identification_source=values["identification_source"],
            identified_on=identified_on,
            place_code=values["place_code"],
            origin_code=values.get("origin_code", ""),
            destination_code=values.get("destination_code", ""),
            exploitation_types=values.get("exploitation_types", []),
            means_of_control=values.get("means_of_control", []),
            recruiter_relation=values.get("recruiter_relation", ""),
            summary=values.get("summary", ""),
        )
        return (person, case)
    unit_id = None
    if values.get("unit"):
        unit = units.get(fold(values["unit"]))
        if unit is None:
            raise CellError(
                _g("“%(value)s” is not a police or gendarmerie unit you may record for.")
                % {"value": values["unit"]}
            )
        unit_id = unit.pk
    counted = [
        incident_actions.CountedInput(role=role, count=values[name])
        for name, role in (
            ("survivors_count", PersonRole.SURVIVOR.value),
            ("migrants_count", PersonRole.SMUGGLED_MIGRANT.value),
        )
        if values.get(name)
    ]
    incident = incident_actions.IncidentInput(
        kind=values["kind"],
        occurred_on=values["occurred_on"],
        place_code=values["place_code"],
        offences=values["offences"],
        unit_id=unit_id,
        summary=values.get("summary", ""),
        suspects=[incident_actions.SuspectInput(name=n) for n in values.get("suspects", [])],
        counted=counted,
    )
    return (incident,)


def _validate(user: Any, kind: str, inputs: tuple[Any, ...]) -> None:
    if kind == ImportKind.PERSONS:
        people_actions.clean_person_input(inputs[0])
    elif kind == ImportKind.CASES:
        errors: dict[str, list[str]] = {}
        for check, data in (
            (people_actions.clean_person_input, inputs[0]),
            (case_actions.clean_case_input, inputs[1]),
        ):
            try:
                check(data)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
    else:
        incident_actions.clean_incident_input(user, inputs[0])


def write_rows(
    user: Any, kind: str, plan: ImportPlan, *, channel: str, progress: Any = None
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Call the real action for every planned row; return the records made and any failure.

    Must run inside the caller's transaction, which rolls everything back on any failure.
    """
    created: list[dict[str, Any]] = []
    failures: list[RowError] = []
    for row in plan.rows:
        try:
            created.append(_write(user, kind, row, channel))
        except ValidationError as exc:
            failures.extend(RowError(row.line, "", message) for message in exc.messages)
        except ActionForbidden:
            failures.append(RowError(row.line, "", _g("You may not record this.")))
        if progress is not None:
            progress.update(1)
    return created, failures


def _write(user: Any, kind: str, row: PlannedRow, channel: str) -> dict[str, Any]:
    if kind == ImportKind.PERSONS:
        person, _created = people_actions.register_person(user, row.inputs[0], channel=channel)
        return {"line": row.line, "type": "person", "id": person.pk}
    if kind == ImportKind.CASES:
        case, _created = case_actions.register_survivor(
            user, row.inputs[0], row.inputs[1], channel=channel
        )
        return {"line": row.line, "type": "case", "id": case.pk, "reference": case.reference}
    incident = incident_actions.record_incident(user, row.inputs[0], channel=channel)
    return {
        "line": row.line,
        "type": "incident",
        "id": incident.pk,
        "reference": incident.reference,
    }


def display_value(name: str, value: Any) -> str:
    """A parsed value as the preview shows it: labels rather than codes, dates in ISO."""
    language = translation.get_language() or "en"
    items = value if isinstance(value, list) else [value]
    shown: list[str] = []
    for item in items:
        if name in _VOCABULARY_OF:
            shown.append(vocabulary(_VOCABULARY_OF[name]).get(item).label(language))
        elif name == "kind":
            shown.append(str(IncidentKind(item).label))
        elif name == "offences":
            shown.append(str(Offence(item).label))
        elif name == "role":
            shown.append(str(PersonRole(item).label))
        elif name in ("place_code", "origin_code", "destination_code"):
            shown.append(place(item))
        elif isinstance(item, dt.date):
            shown.append(item.isoformat())
        else:
            shown.append(str(item))
    return "; ".join(shown)


def preview_rows(
    kind: str, plan: ImportPlan
) -> tuple[list[ImportField], list[tuple[int, list[str]]]]:
    """Columns (the mapped fields) and the first rows as they will be recorded."""
    names = {name for row in plan.rows for name in row.values}
    columns = [f for f in fields_for(kind) if f.name in names]
    rows = [
        (
            row.line,
            [
                display_value(f.name, row.values[f.name]) if f.name in row.values else ""
                for f in columns
            ],
        )
        for row in plan.rows[:PREVIEW_ROWS]
    ]
    return columns, rows
