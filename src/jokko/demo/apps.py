from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jokko.demo"
    verbose_name = "Demo"
