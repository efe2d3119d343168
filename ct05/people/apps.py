from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ct05.people"
    label = "people"
