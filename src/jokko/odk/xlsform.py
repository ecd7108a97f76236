"""Jokko's own forms as XLSForm workbooks, for ODK Collect and KoboCollect.

Why XLSForm: it is the one format both ODK Central and KoboToolbox accept, so a field team
uploads the same workbook to whichever server its partner runs and collects offline. The
workbook is generated from the code lists Jokko validates against (taxonomy vocabularies,
gazetteer, consent scopes), so an answer collected in the field is always a code that the
ingestion accepts; the labels come from the same translations as the web pages (French first,
then English and Arabic).

`form_id` and `version` are constants: submissions carry them, and ingestion uses the id to
recognise the form. Bump `version` whenever the questions change.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from jokko.cases.models import ConsentScope
from jokko.gazetteer import COUNTRIES, Place, places_in
from jokko.taxonomy import vocabulary

# (language code, XLSForm language name). French is the default language of the forms.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("fr", "Français (fr)"),
    ("en", "English (en)"),
    ("ar", "العربية (ar)"),
)
DEFAULT_LANGUAGE = LANGUAGES[0][1]
NOT_IN_FUTURE = ". <= today()"

Label = str | Promise | Callable[[str], str]


@dataclass(frozen=True)
class FormSpec:
    key: str
    form_id: str
    version: str
    title: Label


IDENTIFICATION = FormSpec(
    "identification", "jokko_identification", "2026112301", _("Jokko: identification")
)
REPORT = FormSpec("report", "jokko_community_report", "2026112301", _("Jokko: community report"))
FORMS: dict[str, FormSpec] = {spec.key: spec for spec in (IDENTIFICATION, REPORT)}
FORM_IDS: dict[str, str] = {spec.form_id: spec.key for spec in FORMS.values()}


def _text(label: Label, language: str) -> str:
    if callable(label) and not isinstance(label, Promise):
        return label(language)
    with translation.override(language):
        return str(label)


@dataclass
class _Sheets:
    """Rows of the survey and choices sheets, with every label in every language."""

    survey: list[dict[str, str | Label]] = field(default_factory=list)
    choices: list[dict[str, str | Label]] = field(default_factory=list)
    lists: set[str] = field(default_factory=set)

    def question(self, kind: str, name: str, label: Label, **columns: str | Label) -> None:
        self.survey.append({"type": kind, "name": name, "label": label, **columns})

    def choice_list(
        self, list_name: str, items: Iterable[tuple[str, Label]], **columns: str
    ) -> None:
        if list_name in self.lists:
            return
        self.lists.add(list_name)
        for name, label in items:
            self.choices.append({"list_name": list_name, "name": name, "label": label, **columns})

    def vocabulary_list(self, name: str) -> str:
        vocab = vocabulary(name)
        self.choice_list(
            name,
            [(term.code, term.label) for term in vocab],
        )
        return name


TRANSLATED = ("label", "hint", "constraint_message", "required_message")


def _workbook(spec: FormSpec, sheets: _Sheets) -> bytes:
    """Write the sheets; translated columns become `label::Français (fr)` etc."""
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    columns: list[str] = []
    for row in sheets.survey:
        columns.extend(c for c in row if c not in columns)
    _write(survey, columns, sheets.survey)
    choice_columns: list[str] = []
    for row in sheets.choices:
        choice_columns.extend(c for c in row if c not in choice_columns)
    _write(book.create_sheet("choices"), choice_columns, sheets.choices)
    settings_sheet = book.create_sheet("settings")
    settings_sheet.append(["form_title", "form_id", "version", "default_language"])
    settings_sheet.append([_text(spec.title, "fr"), spec.form_id, spec.version, DEFAULT_LANGUAGE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(sheet: object, columns: list[str], rows: list[dict[str, str | Label]]) -> None:
    headers: list[str] = []
    for column in columns:
        if column in TRANSLATED:
            headers.extend(f"{column}::{name}" for _code, name in LANGUAGES)
        else:
            headers.append(column)
    sheet.append(headers)  # type: ignore[attr-defined]
    for row in rows:
        values: list[str] = []
        for column in columns:
            value = row.get(column, "")
            if column in TRANSLATED:
                values.extend(_text(value, code) if value else "" for code, _n in LANGUAGES)
            else:
                values.append(str(value))
        sheet.append(values)  # type: ignore[attr-defined]


def _place_label(place: Place) -> Callable[[str], str]:
    def label(language: str) -> str:
        return place.name_ar if language == "ar" and place.name_ar else place.name

    return label


def _whole_region_label(region: Place) -> Callable[[str], str]:
    def label(language: str) -> str:
        return _text(_("%(region)s (whole region)"), language) % {
            "region": _place_label(region)(language)
        }

    return label


def _country_label(names: dict[str, str]) -> Callable[[str], str]:
    return lambda language: names.get(language, names["en"])


def _places(sheets: _Sheets, country: str) -> None:
    """Regions, then every town and site filtered by the chosen region (choice_filter)."""
    regions = [p for p in places_in(country) if p.kind == "region"]
    sheets.choice_list("region", [(p.code, _place_label(p)) for p in regions])
    rows: list[dict[str, str | Label]] = []
    for region in regions:
        rows.append(
            {
                "list_name": "place",
                "name": region.code,
                "label": _whole_region_label(region),
                "region": region.code,
            }
        )
        for place in places_in(country):
            if place.region == region.code:
                rows.append(
                    {
                        "list_name": "place",
                        "name": place.code,
                        "label": _place_label(place),
                        "region": region.code,
                    }
                )
    sheets.choices.extend(rows)
    sheets.lists.add("place")


def _countries(sheets: _Sheets) -> None:
    sheets.choice_list(
        "country",
        [(code, _country_label(names)) for code, names in COUNTRIES.items()],
    )


def _place_questions(sheets: _Sheets, required: str) -> None:
    sheets.question("select_one region", "region", _("Region"), required=required)
    sheets.question(
        "select_one place",
        "place_code",
        _("Place"),
        required=required,
        choice_filter="region=${region}",
    )


def identification_sheets(country: str) -> _Sheets:
    """The identification form: the survivor (PersonInput) and their case (CaseInput)."""
    sheets = _Sheets()
    sheets.question("start", "start", "")
    sheets.question("end", "end", "")
    sheets.question("begin_group", "survivor", _("The person identified"))
    sheets.question("text", "given_name", _("Given name"), required="yes")
    sheets.question("text", "family_name", _("Family name"))
    sheets.question(
        "text",
        "other_names",
        _("Other names or spellings"),
        hint=_("Separate names with a semicolon (;)."),
    )
    sheets.question("select_one sex", "sex", _("Sex"), required="yes")
    sheets.vocabulary_list("sex")
    sheets.question(
        "date",
        "birth_date",
        _("Date of birth (if known exactly)"),
        constraint=NOT_IN_FUTURE,
        constraint_message=_("This date is in the future."),
    )
    year = datetime.date.today().year
    sheets.question(
        "integer",
        "birth_year",
        _("Year of birth (or estimated)"),
        relevant="${birth_date} = ''",
        constraint=f". >= {year - 120} and . <= format-date(today(), '%Y')",
        constraint_message=_("The year of birth is not plausible."),
    )
    sheets.question("select_one country", "nationality", _("Nationality"))
    _countries(sheets)
    sheets.question("text", "phone", _("Phone number"))
    sheets.question("end_group", "", "")

    sheets.question("begin_group", "case", _("The case"))
    sheets.question("select_one case_type", "case_type", _("Type of case"), required="yes")
    sheets.vocabulary_list("case_type")
    sheets.question(
        "date",
        "identified_on",
        _("Date of identification"),
        required="yes",
        default="today()",
        constraint=NOT_IN_FUTURE,
        constraint_message=_("This date is in the future."),
    )
    _place_questions(sheets, "yes")
    _places(sheets, country)
    sheets.question(
        "select_one identification_source",
        "identification_source",
        _("Identified by"),
        required="yes",
    )
    sheets.vocabulary_list("identification_source")
    sheets.question(
        "select_multiple exploitation_type", "exploitation_types", _("Forms of exploitation")
    )
    sheets.vocabulary_list("exploitation_type")
    sheets.question("select_multiple means_of_control", "means_of_control", _("Means of control"))
    sheets.vocabulary_list("means_of_control")
    sheets.question(
        "select_one recruiter_relation", "recruiter_relation", _("Relation to the recruiter")
    )
    sheets.vocabulary_list("recruiter_relation")
    sheets.question("text", "summary", _("Summary"), appearance="multiline")
    sheets.question("end_group", "", "")

    sheets.question("begin_group", "consent", _("Informed consent"))
    sheets.question(
        "select_multiple consent_scope",
        "consent_scopes",
        _("The person agrees to"),
    )
    sheets.choice_list("consent_scope", ConsentScope.choices)
    sheets.question(
        "select_one consent_form",
        "consent_form",
        _("Form of consent"),
        relevant="${consent_scopes} != ''",
        required="yes",
    )
    sheets.choice_list("consent_form", [("written", _("Written")), ("verbal", _("Verbal"))])
    sheets.question("end_group", "", "")
    return sheets


def report_sheets(country: str) -> _Sheets:
    """The community report: what a vigilance committee member saw, where, how urgent.

    Questions and choice lists are those of the community app's report (channel "odk"), so a
    report collected offline lands in the same triage queue as one typed on the web.
    """
    from jokko.community.models import SuspectedOffence, Urgency

    sheets = _Sheets()
    sheets.question("start", "start", "")
    sheets.question("end", "end", "")
    sheets.question("begin_group", "report", _("What happened"))
    sheets.question(
        "text",
        "description",
        _("Describe what you saw or heard"),
        required="yes",
        appearance="multiline",
    )
    _place_questions(sheets, "no")
    _places(sheets, country)
    sheets.question("text", "place_text", _("Place (as described)"))
    sheets.question("select_one suspected_offence", "suspected_offence", _("What do you suspect?"))
    sheets.choice_list("suspected_offence", SuspectedOffence.choices)
    sheets.question(
        "integer",
        "persons_count",
        _("How many people are concerned?"),
        constraint=". >= 0 and . <= 10000",
        constraint_message=_("Give a number between 0 and 10000."),
    )
    sheets.question("select_one yes_no", "children_involved", _("Are children involved?"))
    sheets.choice_list("yes_no", [("yes", _("Yes")), ("no", _("No"))])
    sheets.question("select_one urgency", "urgency", _("How urgent is it?"), required="yes")
    sheets.choice_list("urgency", Urgency.choices)
    sheets.question("end_group", "", "")
    sheets.question("begin_group", "reporter", _("Who is reporting"))
    sheets.question("text", "contact", _("Your phone number or contact (optional)"))
    sheets.question("end_group", "", "")
    return sheets


def build_xlsform(key: str, country: str) -> bytes:
    """The XLSForm workbook (.xlsx bytes) of form `key` for a node of `country`."""
    spec = FORMS[key]
    sheets = identification_sheets(country) if key == "identification" else report_sheets(country)
    return _workbook(spec, sheets)


@dataclass(frozen=True)
class Converted:
    xml: str
    warnings: list[str]


def to_xform(xlsx: bytes) -> Converted:
    """Convert a workbook with pyxform, the converter ODK Central and KoboToolbox both run."""
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsx, warnings=warnings, pretty_print=True, file_type=".xlsx")
    return Converted(xml=result.xform, warnings=list(result.warnings))
