"""How long a spreadsheet import of survivors and their cases takes, per row.

Why: a page or API request imports at most `MAX_REQUEST_ROWS` rows in one transaction; this
bench shows what that costs so the limit can follow the hardware. Larger sheets go through
`jokko import cases`, which shows a progress bar.

    .venv/bin/python bench/spreadsheets_import.py [ROWS]

Runs against a throw-away SQLite database in a temporary data directory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    os.environ["JOKKO_DATA_DIR"] = tempfile.mkdtemp(prefix="jokko-bench-sheets-")
    os.environ.setdefault("JOKKO_NODE_COUNTRY", "SN")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jokko.accounts.models import Organisation, User
    from jokko.spreadsheets import actions
    from jokko.tabular import write_csv

    shelter = Organisation.objects.create(name="Centre d'accueil", kind="shelter", country="SN")
    worker = User.objects.create_user(username="bench", role="case_worker", organisation=shelter)
    headers = ["Nom", "Type de cas", "Source d'identification", "Date d'identification", "Lieu"]
    data = write_csv(
        headers, [[f"Awa Camara {i}", "tip", "ngo", "12/03/2024", "Kédougou"] for i in range(rows)]
    )
    started = time.perf_counter()
    batch = actions.upload(worker, "cases", "bench.csv", data)
    planned = time.perf_counter()
    actions.plan(worker, batch)
    checked = time.perf_counter()
    report = actions.commit(worker, batch)
    done = time.perf_counter()
    assert report.ok, report.errors[:3]
    print(
        f"{rows} rows: upload {planned - started:.2f} s, preview {checked - planned:.2f} s, "
        f"commit {done - checked:.2f} s ({(done - checked) / rows * 1000:.1f} ms a row)"
    )


if __name__ == "__main__":
    main()
