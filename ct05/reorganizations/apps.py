from django.apps import AppConfig


class ReorganizationsConfig(AppConfig):
    name = "ct05.reorganizations"
    label = "reorganizations"
