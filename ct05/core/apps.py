from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using="default", **kwargs):
    """The database cache's table (the API's rate limits) comes with ``ct05 migrate``."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "ct05.core"
    label = "core"

    def ready(self):
        # The deploy checks register themselves; the lock-out log listens to axes.
        from ct05.core import checks, logins  # noqa: F401

        post_migrate.connect(create_cache_tables, sender=self)
