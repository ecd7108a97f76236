"""Reading RapidPro "Call Webhook" bodies (pure, no DB)."""

from __future__ import annotations

import json

import pytest

from jokko.community.rapidpro import PayloadError, parse_payload

LEGACY = {
    "contact": {"uuid": "c1a2", "name": "", "urn": "tel:+221770001122"},
    "flow": {"uuid": "f-1", "name": "Signalement traite"},
    "path": [{"node_uuid": "n1", "arrived_on": "2026-03-01T10:00:00Z"}],
    "results": {
        "signalement": {"value": "Des filles enfermées dans un bar", "category": "All Responses"},
        "lieu": {"value": "Bantaco", "category": "All Responses"},
        "urgence": {"value": "1", "category": "Immediate"},
        "enfants": {"value": "oui", "category": "Yes"},
        "personnes": {"value": "4", "category": "Has Number"},
        "extra": {"value": "x", "category": "Other"},
    },
    "run": {"uuid": "run-123", "created_on": "2026-03-01T10:00:00Z"},
    "input": {"text": "4", "type": "msg"},
}


def body(data: object) -> bytes:
    return json.dumps(data).encode()


def test_the_legacy_body_maps_results_and_uses_the_run_uuid() -> None:
    report = parse_payload(body(LEGACY))
    assert report.external_id == "run:run-123"
    assert report.urn == "tel:+221770001122"
    assert report.description == "Des filles enfermées dans un bar"
    assert report.place == "Bantaco"
    assert report.urgency == "immediate"
    assert report.children is True
    assert report.persons == 4
    assert report.unused_results == ["extra"]


def test_the_current_default_body_has_no_run_and_is_keyed_by_its_content() -> None:
    data = {k: LEGACY[k] for k in ("contact", "flow", "results")}
    first, again = parse_payload(body(data)), parse_payload(body(data))
    assert first.external_id.startswith("body:") and first.external_id == again.external_id
    data["results"] = {"description": {"value": "autre chose", "category": "All Responses"}}
    assert parse_payload(body(data)).external_id != first.external_id


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (body({"flow": {"uuid": "f"}, "results": {}}), "contact"),
        (body({"contact": {"urn": "tel:1"}, "results": {}}), "flow"),
        (body({"contact": {"urn": "tel:1"}, "flow": {"uuid": "f"}}), "results"),
        (body({"contact": {"urn": "tel:1"}, "flow": {"uuid": "f"}, "results": {}}), "description"),
        (
            body(
                {
                    "contact": {"urn": "tel:1"},
                    "flow": {"uuid": "f"},
                    "results": {"description": {"value": "x"}, "persons": {"value": "many"}},
                }
            ),
            "not a number",
        ),
    ],
)
def test_unusable_bodies_are_refused_with_a_clear_message(raw: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_payload(raw)


def test_the_input_text_is_the_description_when_no_result_names_it() -> None:
    data = {
        "contact": {"urn": "whatsapp:221770001122"},
        "flow": {"uuid": "f"},
        "results": {},
        "input": {"text": "Un camion de migrants part ce soir de Kidira"},
    }
    assert parse_payload(body(data)).description.startswith("Un camion")
