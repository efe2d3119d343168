"""The reference lists an administrator extends (programmes, units of output); the activities
themselves are kept on their pages (read here, with their history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ct05.core.admin import ReferenceEntryAdmin

from .models import Activity, OutputUnit, Programme

admin.site.register(Programme, ReferenceEntryAdmin)


@admin.register(OutputUnit)
class OutputUnitAdmin(ReferenceEntryAdmin):
    list_display = ["name", "code", "symbol", "decimals", "order", "active"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["date", "programme", "organization", "cadre_turns", "resident_turns"]
    list_filter = ["programme"]
    raw_id_fields = ["organization", "village", "created_by"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False  # recorded through the pages and the API (outputs are checked there)

    def has_change_permission(self, request, obj=None):
        return False  # changed there too: the report's tallies follow each change

    def has_delete_permission(self, request, obj=None):
        return False
