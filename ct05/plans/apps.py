from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ct05.plans"
    label = "plans"
