from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ct05.core.admin import ReferenceEntryAdmin

from .models import RuralCriterion, Target


@admin.register(RuralCriterion)
class RuralCriterionAdmin(ReferenceEntryAdmin):
    list_display = ["number", "name", "code", "active"]
    list_editable = ["active"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "year", "direction", "target", "actual"]
    list_filter = ["year", "direction"]
    raw_id_fields = ["organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # changed on their pages: the report's tallies follow each change

    def has_delete_permission(self, request, obj=None):
        return False
