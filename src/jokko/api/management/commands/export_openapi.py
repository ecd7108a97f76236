"""`jokko export_openapi`: write the API's OpenAPI 3 document to docs/openapi.json.

The committed file is checked by the test suite, so an API change without a regenerated
schema fails CI (and reviewers see the API change in the diff).
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jokko.api.api import api


def openapi_document() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI schema of the JSON API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=str(Path(settings.REPO_DIR) / "docs" / "openapi.json")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Path(options["output"]).write_text(openapi_document())
        self.stdout.write(f"wrote {options['output']}")
