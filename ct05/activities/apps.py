from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "ct05.activities"
    label = "activities"
