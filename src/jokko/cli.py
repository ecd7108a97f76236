"""The `jokko` command: Django's management commands, with Jokko's settings preselected.

jokko migrate
jokko demo                # three demo nodes (Senegal, Mauritania, Mali) on :8000-:8002
jokko audit_verify        # check the audit log's hash chain
jokko createsuperuser
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jokko", *sys.argv[1:]])


if __name__ == "__main__":
    main()
