"""Load the shipped statute catalogue (idempotent: only adds missing entries)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from jokko.prosecutions.catalogue import load_statutes

    load_statutes(apps.get_model("prosecutions", "Statute"))


class Migration(migrations.Migration):
    dependencies = [("prosecutions", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
