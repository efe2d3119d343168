"""Reference lists of models and awards (types, forms, issuers with their level), extended by
an administrator; models and awards are read here with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Award, AwardForm, AwardIssuer, Exemplar, ExemplarType


@admin.register(ExemplarType, AwardForm)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(AwardIssuer)
class AwardIssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["level"]


@admin.register(Exemplar)
class ExemplarAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "organization", "holder_kind", "status", "registered_on"]
    list_filter = ["type", "status", "holder_kind"]
    raw_id_fields = ["organization", "person", "created_by"]

    def has_add_permission(self, request):
        return False


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ["decision_number", "decision_date", "form", "issuer", "organization"]
    list_filter = ["form", "issuer__level"]
    raw_id_fields = ["organization", "person", "exemplar", "activity", "created_by"]

    def has_add_permission(self, request):
        return False
