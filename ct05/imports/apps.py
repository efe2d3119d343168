from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "ct05.imports"
    verbose_name = _("Excel import and export")

    def ready(self):
        # The kinds register themselves in ct05.imports.kinds.
        from . import kinds  # noqa: F401
