"""Tests for the HTCDS-aligned vocabularies (no Django needed).

The HTCDS picklists are parsed from the copy of the standard in ../shared/htcds/ when it is
present (so a value added to, or missing from, Jokko's vocabularies makes the test fail);
otherwise the literal lists below, copied from HTCDS Field Standards 2.0, are used. When both
exist, the literal lists are also checked against the standard.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from jokko.taxonomy import VOCABULARY_NAMES, Term, UnknownCode, Vocabulary, vocabulary

HTCDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "htcds"
FIELD_STANDARDS = HTCDS_DIR / "HTCDS Field Standards 2.0.ods"
FIELD_DEFINITIONS = HTCDS_DIR / "Field Definitions.md"

# Vocabulary -> HTCDS field whose whole picklist it must cover.
COVERED: dict[str, str] = {
    "exploitation_type": "vic_TypeOfExploitation",
    "means_of_control": "vic_MethodsOfControl",
    "recruiter_relation": "vic_RelationshipToTrafficker",
    "identification_source": "vic_TraffickingStatusDecisionMakingOrg",
    "sex": "prs_Gender",
    "service_type": "spl_Type",
    "need_type": "spl_Type",
}

LITERAL_PICKLISTS: dict[str, list[str]] = {
    "vic_TypeOfExploitation": [
        "ForcedLabour",
        "SexualExploitation",
        "ChildLabour",
        "ForcedMarriage",
        "Servitude",
        "ForcedMilitaryByNonStateActors",
        "OrganRemoval",
        "ForcedBegging",
        "ForcedAdoption",
        "Surrogacy",
        "Other",
    ],
    "vic_MethodsOfControl": [
        "PhysicalThreats",
        "ThreatsLawEnforcement",
        "ThreatensChildrenFamily",
        "DebtBondage",
        "FalsePromises",
        "PhysicalAbuse",
        "SexualAbuse",
        "TakesEarnings",
        "RestrictsFinancialAccess",
        "RestrictsMedicalCare",
        "WithholdsNecessities",
        "PsychologicalAbuse",
        "PsychoactiveSubstance",
        "ExcessiveWorkingHours",
        "WithholdsDocuments",
        "Other",
    ],
    "vic_RelationshipToTrafficker": ["Familial", "Acquainted", "Unaquainted"],
    "vic_TraffickingStatusDecisionMakingOrg": [
        "Police",
        "NGO",
        "CourtOrProsecution",
        "NonPoliceGovernmentalOrganization",
        "Other",
    ],
    "prs_Gender": [
        "Feminine",
        "Masculine",
        "TransgenderFeminine",
        "TransgenderMasculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    ],
    "spl_Type": [
        "Education",
        "Financial",
        "Health",
        "LabourExploitationRehabilitation",
        "Legal",
        "Livelihood",
        "RightsBasedTraining",
        "SexualExploitationRehabilitation",
        "SocialCare",
    ],
}

ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _ods_rows(path: Path) -> list[list[str]]:
    table = "{" + ODS_NS["table"] + "}"
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("content.xml"))  # noqa: S314 - local trusted file
    rows: list[list[str]] = []
    for row in root.iter(table + "table-row"):
        cells: list[str] = []
        for cell in row:
            repeat = min(int(cell.get(table + "number-columns-repeated", "1")), 64)
            paragraphs = cell.findall("{" + ODS_NS["text"] + "}p")
            text = "\n".join("".join(p.itertext()) for p in paragraphs)
            cells.extend([text] * repeat)
        rows.append(cells)
    return rows


def standard_picklists() -> dict[str, list[str]]:
    """Field name -> picklist Value Names, parsed from the HTCDS .ods (empty if absent)."""
    if not FIELD_STANDARDS.exists():
        return {}
    rows = _ods_rows(FIELD_STANDARDS)
    header = next(r for r in rows if "Field Name including Prefix" in r)
    name_col = header.index("Field Name including Prefix")
    values_col = header.index("Value Names (if picklist)")
    picklists: dict[str, list[str]] = {}
    for row in rows:
        if len(row) > values_col and row[name_col].strip():
            values = [v.strip() for v in row[values_col].split("\n") if v.strip()]
            picklists[row[name_col].strip()] = values
    return picklists


def methods_of_control_definitions() -> list[str]:
    """MethodsOfControl* field names defined in Field Definitions.md (empty if absent)."""
    if not FIELD_DEFINITIONS.exists():
        return []
    text = FIELD_DEFINITIONS.read_text(encoding="utf-8")
    return re.findall(r"^\|\s*(MethodsOfControl\w+)\s*\|", text, flags=re.MULTILINE)


def picklist(field: str) -> list[str]:
    return standard_picklists().get(field) or LITERAL_PICKLISTS[field]


def all_vocabularies() -> list[Vocabulary]:
    return [vocabulary(name) for name in VOCABULARY_NAMES]


def test_literal_lists_match_standard_when_present() -> None:
    parsed = standard_picklists()
    if not parsed:
        pytest.skip("HTCDS standard not present next to the repository")
    for field, values in LITERAL_PICKLISTS.items():
        assert parsed[field] == values, field


@pytest.mark.parametrize(("name", "field"), sorted(COVERED.items()))
def test_every_htcds_value_maps_to_a_term(name: str, field: str) -> None:
    vocab = vocabulary(name)
    assert vocab.htcds_field == field
    values = picklist(field)
    assert values
    mapped = {term.htcds for term in vocab.terms}
    missing = [value for value in values if value not in mapped]
    assert not missing, f"{name}: HTCDS values without a term: {missing}"
    for value in values:
        term = vocab.from_htcds(value)
        assert term.htcds == value
        assert term.parent == "", f"{value} should resolve to the HTCDS term, not a refinement"


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_htcds_attribute_only_uses_standard_values(name: str) -> None:
    vocab = vocabulary(name)
    if not vocab.htcds_field:
        assert all(term.htcds == "" for term in vocab.terms)
        return
    allowed = set(picklist(vocab.htcds_field))
    for term in vocab.terms:
        assert term.htcds in allowed or term.htcds == "", f"{name}.{term.code}: {term.htcds!r}"
        if term.htcds == "" or term.parent:
            assert term.note, f"{name}.{term.code}: approximate mapping needs a note"


def test_field_definitions_methods_of_control_resolve() -> None:
    names = methods_of_control_definitions()
    if not names:
        pytest.skip("Field Definitions.md not present")
    vocab = vocabulary("means_of_control")
    for name in names:
        assert vocab.from_htcds(name).code, name
    assert vocab.from_htcds("MethodsOfControlRestrictsMovement").code == "restricts_movement"
    assert vocab.from_htcds("MethodsOfControlUsesChildren").code == "threatens_children_family"


def test_vocabulary_names_and_unknown_vocabulary() -> None:
    assert len(VOCABULARY_NAMES) == len(set(VOCABULARY_NAMES)) == 10
    assert [v.name for v in all_vocabularies()] == list(VOCABULARY_NAMES)
    with pytest.raises(KeyError) as info:
        vocabulary("colours")
    message = str(info.value)
    assert "colours" in message
    for name in VOCABULARY_NAMES:
        assert name in message


CODE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
LATIN_RE = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_codes_unique_snake_case_and_parents_exist(name: str) -> None:
    vocab = vocabulary(name)
    codes = [term.code for term in vocab.terms]
    assert len(codes) == len(set(codes))
    for term in vocab.terms:
        assert CODE_RE.match(term.code), term.code
        assert term.parent == "" or term.parent in codes, term.code
        assert term.parent != term.code


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_every_term_has_three_real_labels(name: str) -> None:
    for term in vocabulary(name).terms:
        assert set(term.labels) == {"en", "fr", "ar"}, term.code
        assert all(label.strip() == label and label for label in term.labels.values())
        assert ARABIC_RE.search(term.labels["ar"]), f"{name}.{term.code}: Arabic label"
        assert LATIN_RE.search(term.labels["fr"]) and LATIN_RE.search(term.labels["en"])
    labels_fr = [t.labels["fr"] for t in vocabulary(name).terms]
    assert len(labels_fr) == len(set(labels_fr)), f"{name}: duplicate French labels"


def test_label_language_fallback() -> None:
    term = vocabulary("exploitation_type").get("forced_begging_talibe")
    assert term.label("fr") == "Mendicité forcée des enfants talibés"
    assert term.label("fr-FR") == term.label("fr")
    assert term.label("ar-SN") == term.labels["ar"]
    assert term.label("AR") == term.labels["ar"]
    assert term.label("wo") == term.labels["en"]
    assert term.parent == "forced_begging" and term.htcds == "ForcedBegging"


def test_get_and_validate() -> None:
    vocab = vocabulary("means_of_control")
    assert vocab.get("debt_bondage").htcds == "DebtBondage"
    with pytest.raises(UnknownCode):
        vocab.get("nope")
    assert vocab.validate(["debt_bondage", "other", "debt_bondage"]) == ["debt_bondage", "other"]
    assert vocab.validate([]) == []
    with pytest.raises(UnknownCode) as info:
        vocab.validate(["debt_bondage", "juju", "threats", "juju"])
    message = str(info.value)
    assert "'juju'" in message and "'threats'" in message and "means_of_control" in message
    assert info.value.codes == ("juju", "threats")
    assert isinstance(info.value, ValueError)


def test_choices() -> None:
    choices = vocabulary("case_type").choices("fr")
    assert choices == [
        ("tip", "Traite des personnes"),
        ("som", "Trafic illicite de migrants"),
        ("tip_som", "Traite des personnes et trafic illicite de migrants"),
    ]


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_from_htcds_round_trips(name: str) -> None:
    vocab = vocabulary(name)
    for term in vocab.terms:
        if not term.htcds:
            with pytest.raises(UnknownCode):
                vocab.from_htcds(term.htcds)
            continue
        back = vocab.from_htcds(term.htcds)
        assert back.htcds == term.htcds
        assert vocab.from_htcds(term.htcds.upper()) is back
        assert vocab.from_htcds(term.htcds.lower()) is back
        if term.parent == "" and vocab.terms.index(term) == vocab.terms.index(back):
            assert back is term


def test_from_htcds_accepts_labels_and_aliases_and_rejects_unknown() -> None:
    exploitation = vocabulary("exploitation_type")
    assert exploitation.from_htcds("Forced military (by non-state actors)").code == (
        "forced_military_non_state"
    )
    relation = vocabulary("recruiter_relation")
    assert relation.from_htcds("Unaquainted").code == "unacquainted"
    assert relation.from_htcds("unacquainted").code == "unacquainted"
    with pytest.raises(UnknownCode) as info:
        exploitation.from_htcds("Slavery")
    assert "Slavery" in str(info.value) and "exploitation_type" in str(info.value)


def test_regional_specifics_present() -> None:
    exploitation = vocabulary("exploitation_type")
    for code, parent in [
        ("forced_labour_gold_mining", "forced_labour"),
        ("forced_begging_talibe", "forced_begging"),
        ("domestic_servitude", "servitude"),
        ("child_recruitment_armed_groups", "forced_military_non_state"),
        ("child_marriage", "forced_marriage"),
    ]:
        assert exploitation.get(code).parent == parent
    assert exploitation.get("organ_removal").htcds == "OrganRemoval"
    sources = vocabulary("identification_source")
    for code in (
        "vigilance_committee",
        "police",
        "gendarmerie",
        "ngo",
        "hotline",
        "labour_inspection",
        "self_referral",
        "border_post",
        "embassy_consulate",
        "health_facility",
    ):
        assert code in sources
    documents = vocabulary("document_type")
    for code in (
        "passport",
        "national_id",
        "birth_certificate",
        "consular_card",
        "ecowas_travel_certificate",
        "laissez_passer",
        "none",
    ):
        assert code in documents
    reintegration = vocabulary("reintegration_type")
    assert set(reintegration.codes) >= {
        "livelihood",
        "schooling",
        "vocational",
        "family_reunification",
        "medical_follow_up",
        "psychosocial_follow_up",
    }
    services = vocabulary("service_type")
    for code in (
        "shelter",
        "medical",
        "psychosocial",
        "legal_aid",
        "family_tracing",
        "education",
        "vocational_training",
        "livelihood",
        "repatriation_return",
        "documentation",
        "interpretation",
    ):
        assert code in services


def test_case_type_never_confused() -> None:
    case_type = vocabulary("case_type")
    assert case_type.codes == ("tip", "som", "tip_som")
    assert case_type.get("tip").label("en") == "Trafficking in persons"
    assert case_type.get("som").label("en") == "Smuggling of migrants"
    assert "smuggling" not in case_type.get("tip").label("en").lower()
    assert "traffick" not in case_type.get("som").label("en").lower()


def test_term_is_hashable_and_frozen() -> None:
    term = vocabulary("sex").get("female")
    assert isinstance(term, Term)
    assert hash(term) == hash(vocabulary("sex").get("female"))
    with pytest.raises(AttributeError):
        term.code = "x"  # type: ignore[misc]


def test_packages_do_not_import_django() -> None:
    import os
    import subprocess
    import sys

    import jokko

    code = (
        "import sys, jokko.gazetteer, jokko.taxonomy\n"
        "jokko.gazetteer.all_places(); jokko.taxonomy.vocabulary('sex')\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    src = str(Path(jokko.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
