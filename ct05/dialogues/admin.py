from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Dialogue, Petition


@admin.register(Dialogue)
class DialogueAdmin(SimpleHistoryAdmin):
    list_display = ["date", "organization", "chair", "participants"]
    raw_id_fields = ["organization", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # changed on their pages: the report's tallies follow each change

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin):
    list_display = ["received_on", "organization", "assigned_organization", "deadline", "status"]
    list_filter = ["status", "source"]
    raw_id_fields = ["organization", "assigned_organization", "dialogue", "created_by"]

    def has_add_permission(self, request):
        return False
