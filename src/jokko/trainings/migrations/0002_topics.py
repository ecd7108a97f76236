"""Load the training topic catalogue (topics.json)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from jokko.trainings.catalogue import load_topics

    load_topics(apps.get_model("trainings", "TrainingTopic"))


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
