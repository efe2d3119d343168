from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ct05.reports"
    label = "reports"
