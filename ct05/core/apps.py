from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ct05.core"
    label = "core"
