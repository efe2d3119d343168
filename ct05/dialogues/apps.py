from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "ct05.dialogues"
    label = "dialogues"
