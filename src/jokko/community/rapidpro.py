"""Reading the JSON a RapidPro (or TextIt / Glific) flow posts with its "Call Webhook" action.

Pure: no Django. Two body shapes exist and both are accepted:

* the legacy default body: ``contact`` {uuid, name, urn}, ``flow`` {uuid, name}, ``path``,
  ``results`` {key: {name, value, category, input, node_uuid, created_on}}, ``run`` {uuid,
  created_on}, ``input`` {text, ...}, ``channel``;
* the current flow editor's default body: ``contact``, ``flow`` and ``results`` {key: {value,
  category}} only — no run. Its retries are recognised by a hash of the contact, the flow and
  the results (a retry resends exactly the same body).

The flow's result names are the flow author's choice; we accept a few usual names in French and
English for each field (``description``/``signalement``/``report``, ``place``/``lieu``...).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

DESCRIPTION_KEYS = ("description", "signalement", "report", "what", "quoi", "message", "details")
PLACE_KEYS = ("place", "lieu", "location", "localite", "village", "where", "ou")
URGENCY_KEYS = ("urgency", "urgence")
OFFENCE_KEYS = ("offence", "offense", "infraction", "type")
PERSONS_KEYS = ("persons", "personnes", "count", "nombre", "victims", "victimes")
CHILDREN_KEYS = ("children", "enfants", "child", "enfant")

URGENCY_WORDS = {
    "immediate": ("immediate", "immédiat", "immediat", "danger", "urgent", "now", "maintenant"),
    "high": ("high", "élevée", "elevee", "haute", "high_urgency"),
    "normal": ("normal", "normale", "medium", "moyenne"),
    "low": ("low", "faible", "basse"),
}
OFFENCE_WORDS = {
    "tip": ("tip", "traite", "trafficking", "exploitation"),
    "som": ("som", "trafic", "smuggling", "migrants", "passeur"),
}
YES = ("yes", "oui", "y", "o", "1", "true", "vrai", "نعم")
NO = ("no", "non", "n", "0", "false", "faux", "لا")


class PayloadError(ValueError):
    """The body is not a usable RapidPro webhook payload; the message says what is wrong."""


@dataclass
class FlowReport:
    external_id: str
    urn: str
    contact_name: str
    flow_name: str
    description: str
    place: str = ""
    urgency: str = "normal"
    offence: str = "unknown"
    persons: int | None = None
    children: bool | None = None
    unused_results: list[str] = field(default_factory=list)


def _result_text(result: Any) -> str:
    """The value of one result (the category when the value is empty)."""
    if isinstance(result, dict):
        value = result.get("value")
        if value in (None, ""):
            value = result.get("category")
        return "" if value is None else str(value)
    return "" if result is None else str(result)


def _pick(results: dict[str, Any], keys: tuple[str, ...], used: set[str]) -> tuple[str, str]:
    """(value, category) of the first result whose key is one of `keys`."""
    for key in keys:
        if key in results:
            used.add(key)
            result = results[key]
            category = str(result.get("category") or "") if isinstance(result, dict) else ""
            return _result_text(result).strip(), category.strip()
    return "", ""


def _word(value: str, category: str, table: dict[str, tuple[str, ...]], default: str) -> str:
    for text in (category.lower(), value.lower()):
        for code, words in table.items():
            if text in words:
                return code
    return default


def parse_payload(body: bytes) -> FlowReport:
    """Read one webhook body; raise `PayloadError` with a clear message when it is unusable."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"The body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise PayloadError("The body must be a JSON object.")
    contact = data.get("contact")
    if not isinstance(contact, dict) or (not contact.get("urn") and not contact.get("uuid")):
        raise PayloadError("Missing field: contact (with its urn or uuid).")
    flow = data.get("flow")
    if not isinstance(flow, dict) or not flow.get("uuid"):
        raise PayloadError("Missing field: flow (with its uuid).")
    results = data.get("results")
    if not isinstance(results, dict):
        raise PayloadError("Missing field: results (an object of the flow's results).")
    results = {str(key).strip().lower(): value for key, value in results.items()}
    used: set[str] = set()
    description, _ = _pick(results, DESCRIPTION_KEYS, used)
    if not description:
        user_input = data.get("input")
        if isinstance(user_input, dict) and isinstance(user_input.get("text"), str):
            description = user_input["text"].strip()
    if not description:
        raise PayloadError(
            "Missing result: description (name a flow result 'description' or 'signalement')."
        )
    place, _ = _pick(results, PLACE_KEYS, used)
    urgency_value, urgency_category = _pick(results, URGENCY_KEYS, used)
    offence_value, offence_category = _pick(results, OFFENCE_KEYS, used)
    persons_value, _ = _pick(results, PERSONS_KEYS, used)
    children_value, children_category = _pick(results, CHILDREN_KEYS, used)
    persons = None
    if persons_value:
        try:
            persons = int(float(persons_value))
        except ValueError:
            raise PayloadError(f"Result 'persons' is not a number: {persons_value[:40]}") from None
    children = None
    for text in (children_category.lower(), children_value.lower()):
        if text in YES:
            children = True
        elif text in NO:
            children = False
    run = data.get("run")
    if isinstance(run, dict) and run.get("uuid"):
        external_id = f"run:{run['uuid']}"
    else:
        canonical = json.dumps(
            [contact.get("uuid"), contact.get("urn"), flow.get("uuid"), results],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        external_id = "body:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]
    return FlowReport(
        external_id=external_id[:128],
        urn=str(contact.get("urn") or contact.get("uuid") or ""),
        contact_name=str(contact.get("name") or ""),
        flow_name=str(flow.get("name") or ""),
        description=description,
        place=place,
        urgency=_word(urgency_value, urgency_category, URGENCY_WORDS, "normal"),
        offence=_word(offence_value, offence_category, OFFENCE_WORDS, "unknown"),
        persons=persons,
        children=children,
        unused_results=sorted(set(results) - used),
    )
