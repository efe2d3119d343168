from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "ct05.tasks"
    label = "tasks"
