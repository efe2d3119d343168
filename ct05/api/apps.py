from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ct05.api"
    label = "api"
