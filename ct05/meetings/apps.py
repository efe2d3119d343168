from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "ct05.meetings"
    label = "meetings"
