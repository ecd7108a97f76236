from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "jokko.trainings"
    verbose_name = _("Trainings, participants, certificates and training-of-trainers cascades")
