from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ct05.notifications"
    label = "notifications"
