"""Jokko's forms convert with pyxform (the converter of ODK Central and KoboToolbox)."""

from __future__ import annotations

import io
import shutil
from typing import Any

import openpyxl
import pytest
from defusedxml import ElementTree
from pyxform.xls2xform import convert

from jokko.odk.xlsform import FORMS, build_xlsform, to_xform
from jokko.taxonomy import vocabulary
from tests.odk import samples


@pytest.mark.parametrize("key", sorted(FORMS))
def test_form_converts_with_pyxform_without_errors_or_warnings(key: str) -> None:
    warnings: list[str] = []
    result = convert(build_xlsform(key, "SN"), warnings=warnings, file_type=".xlsx")
    assert warnings == []
    assert f'id="{FORMS[key].form_id}"' in result.xform
    assert f'version="{FORMS[key].version}"' in result.xform
    assert 'nodeset="/data/meta/instanceID"' in result.xform


def _sheet(key: str, name: str) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(io.BytesIO(build_xlsform(key, "SN")))
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_identification_form_has_three_languages_constraints_and_required_fields() -> None:
    survey = {row["name"]: row for row in _sheet("identification", "survey") if row["name"]}
    assert survey["given_name"]["label::English (en)"] == "Given name"
    assert survey["given_name"]["label::Français (fr)"]  # from the French catalogue
    # Vocabulary labels are already translated in the taxonomy.
    sexes = {r["name"]: r for r in _sheet("identification", "choices") if r["list_name"] == "sex"}
    assert sexes["female"]["label::Français (fr)"] == vocabulary("sex").get("female").label("fr")
    assert {"label::Français (fr)", "label::English (en)", "label::العربية (ar)"} <= set(
        survey["given_name"]
    )
    assert survey["identified_on"]["required"] == "yes"
    assert survey["identified_on"]["constraint"] == ". <= today()"
    assert survey["birth_date"]["constraint"] == ". <= today()"
    assert survey["place_code"]["choice_filter"] == "region=${region}"
    assert survey["exploitation_types"]["type"] == "select_multiple exploitation_type"
    settings = _sheet("identification", "settings")[0]
    assert settings["form_id"] == "jokko_identification"
    assert settings["default_language"] == "Français (fr)"


def test_choices_are_the_codes_jokko_validates() -> None:
    choices = _sheet("identification", "choices")
    exploitation = {r["name"] for r in choices if r["list_name"] == "exploitation_type"}
    assert exploitation == set(vocabulary("exploitation_type").codes)
    places = {r["name"]: r["region"] for r in choices if r["list_name"] == "place"}
    assert places["SN-TC-KIDIRA"] == "SN-TC"
    arabic = {r["name"]: r["label::العربية (ar)"] for r in choices if r["list_name"] == "sex"}
    assert arabic["female"] == vocabulary("sex").get("female").label("ar")


def test_to_xform_returns_the_xml_and_no_warnings() -> None:
    converted = to_xform(build_xlsform("report", "SN"))
    assert converted.warnings == []
    assert "jokko_community_report" in converted.xml


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs a Java runtime")
@pytest.mark.parametrize("key", sorted(FORMS))
def test_odk_validate_accepts_the_form(key: str) -> None:
    """ODK Validate (JavaRosa, the engine of ODK Collect), shipped with pyxform."""
    warnings: list[str] = []
    convert(build_xlsform(key, "SN"), warnings=warnings, validate=True, file_type=".xlsx")
    assert warnings == []


def _instance_paths(xform: str) -> set[str]:
    root = ElementTree.fromstring(xform.encode())
    xf = "{http://www.w3.org/2002/xforms}"
    data = next(iter(root.iter(f"{xf}instance")))[0]
    paths: set[str] = set()

    def walk(element: Any, prefix: str) -> None:
        for child in element:
            path = prefix + child.tag.rsplit("}", 1)[-1]
            if len(child):
                walk(child, path + "/")
            else:
                paths.add(path)

    walk(data, "")
    return paths


@pytest.mark.parametrize(
    ("key", "answers"),
    [
        ("identification", samples.IDENTIFICATION_ANSWERS),
        ("report", samples.REPORT_ANSWERS),
    ],
)
def test_the_test_samples_answer_the_questions_of_the_real_form(
    key: str, answers: dict[str, dict[str, str]]
) -> None:
    paths = _instance_paths(to_xform(build_xlsform(key, "SN")).xml)
    sample = {f"{group}/{name}" for group, items in answers.items() for name in items}
    assert sample <= paths
    assert "meta/instanceID" in paths
