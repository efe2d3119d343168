from django.apps import AppConfig

from ct05.core import changes


class RatingsConfig(AppConfig):
    name = "ct05.ratings"
    label = "ratings"

    def ready(self):
        # An undecided rating follows its person on a transfer (announced by people).
        from . import services

        changes.subscribe_transfers(services.follow_transfer)
