from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "ct05.recognition"
    label = "recognition"
