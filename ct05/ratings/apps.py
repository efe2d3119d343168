from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ct05.ratings"
    label = "ratings"
