"""The training topic catalogue shipped with Jokko (`topics.json`).

Loaded by a data migration and re-loadable at any time (`load_topics`): existing topics get
their names refreshed, none is deleted, so events keep their topic.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOPICS_FILE = Path(__file__).with_name("topics.json")


def catalogue() -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    return data


def load_topics(topic_model: Any) -> int:
    """Create or refresh every topic of the catalogue; returns how many were created.

    Takes the model as an argument so the data migration can pass its historical model.
    """
    created = 0
    for position, entry in enumerate(catalogue()):
        _, was_created = topic_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_fr": entry["fr"],
                "name_en": entry["en"],
                "name_ar": entry["ar"],
                "position": position,
            },
        )
        created += int(was_created)
    return created
