"""Reference lists of models and awards (types, forms, issuers with their level), extended by
an administrator; models and awards are read here with their history (both are changed on
their pages only: the report's tallies follow each change there)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ct05.core.admin import ReferenceEntryAdmin

from .models import Award, AwardForm, AwardIssuer, Exemplar, ExemplarType

admin.site.register([ExemplarType, AwardForm], ReferenceEntryAdmin)


@admin.register(AwardIssuer)
class AwardIssuerAdmin(ReferenceEntryAdmin):
    list_display = ["name", "code", "level", "order", "active"]
    list_filter = ["level"]


@admin.register(Exemplar)
class ExemplarAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "organization", "holder_kind", "status", "registered_on"]
    list_filter = ["type", "status", "holder_kind"]
    raw_id_fields = ["organization", "person", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # changed on their pages: the report's tallies follow each change

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ["decision_number", "decision_date", "form", "issuer", "organization"]
    list_filter = ["form", "issuer__level"]
    raw_id_fields = ["organization", "person", "exemplar", "activity", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # changed on their pages: the report's tallies follow each change

    def has_delete_permission(self, request, obj=None):
        return False
