from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jokko.api"
    verbose_name = "API"
