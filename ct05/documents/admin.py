from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FiledReport


@admin.register(FiledReport)
class FiledReportAdmin(SimpleHistoryAdmin):
    """Filed reports are read here, never changed: they stay as they were filed."""

    list_display = ["number", "organization", "period_label", "issued_on", "author_name"]
    list_filter = ["kind", "period_start"]
    search_fields = ["number", "organization__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
