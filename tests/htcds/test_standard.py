"""The shipped copy of HTCDS 2.0 and the JSON Schema derived from it (no database needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from jokko.htcds.extract import STANDARD_PATH, ExtractError, dumps, extract, load_standard
from jokko.htcds.schema import SCHEMA_PATH, htcds_schema, record_errors, schema_document

HTCDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "htcds"
FIELD_STANDARDS = HTCDS_DIR / "HTCDS Field Standards 2.0.ods"
REPO = Path(__file__).resolve().parents[2]


def fields_by_name() -> dict[str, dict]:
    return {f["name"]: f for f in load_standard()["fields"]}


def test_committed_schema_is_current() -> None:
    """Regenerate with `jokko htcds_extract --ods ...` when the standard copy changes."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_document()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema == htcds_schema()


@pytest.mark.skipif(not FIELD_STANDARDS.exists(), reason="../shared/htcds is not checked out")
def test_committed_copy_equals_the_published_ods() -> None:
    assert dumps(extract(FIELD_STANDARDS)) == STANDARD_PATH.read_text(encoding="utf-8")


@pytest.mark.skipif(not FIELD_STANDARDS.exists(), reason="../shared/htcds is not checked out")
def test_extract_command_line_writes_the_same_copy(tmp_path: Path) -> None:
    out = tmp_path / "fields.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jokko.htcds.extract",
            "--ods",
            str(FIELD_STANDARDS),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == STANDARD_PATH.read_text(encoding="utf-8")


def test_extract_refuses_a_file_that_is_not_the_standard(tmp_path: Path) -> None:
    bogus = tmp_path / "x.ods"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(ExtractError):
        extract(bogus)


def test_exact_published_names_and_picklists() -> None:
    fields = fields_by_name()
    for name in (
        "prs_FirstName",
        "prs_SecondName",
        "vic_TypeOfExploitation",
        "cas_Status",
        "con_Consent",
        "hte_Type",
        "spl_Type",
        "per_RoleInProcess",
    ):
        assert name in fields
    values = {n: [v["name"] for v in f["values"]] for n, f in fields.items()}
    assert values["cas_Status"] == ["Active", "FollowUp", "Closed", "ClosedReferred"]
    assert values["vic_RelationshipToTrafficker"] == ["Familial", "Acquainted", "Unaquainted"]
    assert values["vic_TypeOfExploitation"][-3:] == ["ForcedAdoption", "Surrogacy", "Other"]
    assert "DebtBondage" in values["vic_MethodsOfControl"]  # published with a trailing space
    assert values["spl_Type"][-1] == "SocialCare"  # the trailing empty entry is dropped
    assert fields["prs_Citizenship"]["value_rule"].startswith("Use ISO 3166")
    labels = [v["label"] for v in fields["prs_Gender"]["values"]]
    assert labels[-1] == "Not Specified/Unknown"
    assert load_standard()["attribution"]["licence"].startswith("CC BY 4.0")
    assert (STANDARD_PATH.parent / "LICENSE.md").exists()


def test_schema_checks_types_and_picklists() -> None:
    assert (
        record_errors({"prs_FirstName": "Awa", "vic_TypeOfExploitation": ["ForcedBegging"]}) == []
    )
    errors = record_errors(
        {
            "prs_Gender": "Female",
            "vic_TypeOfExploitation": ["Begging"],
            "prs_Birthdate": "2001-13-01",
            "con_Consent": "yes",
            "HistoricTraffickingEvents": [{"hte_Type": "Transit", "hte_Nope": 1}],
        }
    )
    joined = "\n".join(errors)
    for field in (
        "prs_Gender",
        "vic_TypeOfExploitation/0",
        "prs_Birthdate",
        "con_Consent",
        "HistoricTraffickingEvents/0",
    ):
        assert field + ":" in joined, joined


def test_every_vocabulary_value_is_an_exact_picklist_value_of_the_shipped_standard() -> None:
    """What the exporter writes for a Jokko code is always a published Value Name."""
    from jokko.taxonomy import VOCABULARY_NAMES, vocabulary

    picklists = {n: {v["name"] for v in f["values"]} for n, f in fields_by_name().items()}
    checked = 0
    for name in VOCABULARY_NAMES:
        vocab = vocabulary(name)
        if not vocab.htcds_field:
            continue
        for term in vocab:
            if term.htcds:
                assert term.htcds in picklists[vocab.htcds_field], (name, term.code, term.htcds)
                checked += 1
    assert checked > 50
