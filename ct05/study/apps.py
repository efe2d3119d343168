from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "ct05.study"
    label = "study"
