from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "ct05.indicators"
    label = "indicators"
