from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "ct05.inspections"
    label = "inspections"
