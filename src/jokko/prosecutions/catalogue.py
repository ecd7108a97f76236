"""Loading the shipped statute catalogue (`statutes.json`) into `Statute` rows.

Used by the data migration and the `load_statutes` command. Loading never overwrites what an
administrator edited since: existing rows (same country, law, article, offence) are left alone,
only missing ones are added. That keeps the catalogue editable in the admin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).with_name("statutes.json")


def catalogue_entries() -> list[dict[str, Any]]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data["statutes"]
    return entries


def load_statutes(statute_model: Any) -> int:
    """Add missing catalogue entries; return how many were created.

    `statute_model` is passed in so the migration can use its historical model.
    """
    created = 0
    for entry in catalogue_entries():
        _, was_created = statute_model.objects.get_or_create(
            country=entry["country"],
            law=entry["law"],
            article=entry["article"],
            offence=entry["offence"],
            defaults={
                "title": entry["title"],
                "penalty_min_years": entry.get("penalty_min_years"),
                "penalty_max_years": entry.get("penalty_max_years"),
                "verified": bool(entry.get("verified")),
                "source": entry.get("source", ""),
                "note": entry.get("note", ""),
                "active": entry.get("active", True),
            },
        )
        created += int(was_created)
    return created
