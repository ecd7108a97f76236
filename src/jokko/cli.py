"""The `jokko` command: Django's management commands, with Jokko's settings preselected.

jokko migrate
jokko demo                # three demo nodes (Senegal, Mauritania, Mali) on :8000-:8002
jokko audit_verify        # check the audit log's hash chain
jokko createsuperuser
jokko link / encode / match   # batch record linkage on CSV files (no database needed)
jokko export htcds ...    # two-word data exchange commands: `jokko export X` runs the
jokko import kobo ...     #   management command `export_X`, `jokko import X` runs `import_X`
"""

from __future__ import annotations

import os
import sys

# Batch linkage runs on any CSV files, without a node: it skips Django altogether.
LINKAGE_COMMANDS = frozenset({"link", "encode", "match"})
# `jokko export htcds` reads better than `jokko export_htcds`; both work.
TWO_WORD_COMMANDS = frozenset({"export", "import"})


def django_arguments(argv: list[str]) -> list[str]:
    """Join a two-word data exchange command (`import kobo`) into its command name."""
    if len(argv) > 1 and argv[0] in TWO_WORD_COMMANDS and not argv[1].startswith("-"):
        return [f"{argv[0]}_{argv[1]}", *argv[2:]]
    return argv


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in LINKAGE_COMMANDS:
        from jokko.linkage.cli import main as linkage_main

        sys.exit(linkage_main(sys.argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jokko", *django_arguments(sys.argv[1:])])


if __name__ == "__main__":
    main()
