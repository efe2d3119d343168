"""The reference lists an administrator extends (programmes, units of output); the activities
themselves are kept on their pages (read here, with their history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, OutputUnit, Programme

REFERENCE = {
    "list_display": ["name", "code", "order", "active"],
    "list_editable": ["order", "active"],
}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = REFERENCE["list_display"]
    list_editable = REFERENCE["list_editable"]


@admin.register(OutputUnit)
class OutputUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "symbol", "decimals", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["date", "programme", "organization", "cadre_turns", "resident_turns"]
    list_filter = ["programme"]
    raw_id_fields = ["organization", "village", "created_by"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False  # recorded through the pages and the API (outputs are checked there)
