"""`jokko load_training_topics`: refresh the training topic catalogue from topics.json.

The data migration loads the catalogue once; after editing topics.json (a new topic, a better
Arabic name), this command applies it without a migration. No topic is ever deleted.
"""

from typing import Any

from django.core.management.base import BaseCommand

from jokko.trainings.catalogue import load_topics
from jokko.trainings.models import TrainingTopic


class Command(BaseCommand):
    help = "Create or refresh the training topics of topics.json (none is deleted)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_topics(TrainingTopic)
        self.stdout.write(f"{created} topic(s) created, {TrainingTopic.objects.count()} in all")
