"""The `jokko` command: Django's management commands, with Jokko's settings preselected.

jokko migrate
jokko demo                # three demo nodes (Senegal, Mauritania, Mali) on :8000-:8002
jokko audit_verify        # check the audit log's hash chain
jokko createsuperuser
jokko link / encode / match   # batch record linkage on CSV files (no database needed)
"""

from __future__ import annotations

import os
import sys

# Batch linkage runs on any CSV files, without a node: it skips Django altogether.
LINKAGE_COMMANDS = frozenset({"link", "encode", "match"})


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in LINKAGE_COMMANDS:
        from jokko.linkage.cli import main as linkage_main

        sys.exit(linkage_main(sys.argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jokko", *sys.argv[1:]])


if __name__ == "__main__":
    main()
