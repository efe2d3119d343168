from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ct05.demo"
    label = "demo"
