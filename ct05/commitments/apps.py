from django.apps import AppConfig

from ct05.core import changes


class CommitmentsConfig(AppConfig):
    name = "ct05.commitments"
    label = "commitments"

    def ready(self):
        # A commitment follows its person on a transfer (announced by people, a layer below).
        from . import services

        changes.subscribe_transfers(services.follow_transfer)
