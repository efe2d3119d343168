from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "ct05.commitments"
    label = "commitments"
