from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Locality, Organization, OrganizationLink


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    """The place in the tree, the kind and the days an organization existed change only through
    the organization and reorganization pages (or an import): they keep the paths over time and
    the report's tallies with them. Nothing is added or deleted here."""

    list_display = ["name", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["head", "locality"]
    readonly_fields = ["path", "depth", "numchild", "kind", "valid_from", "valid_to", "successor"]
    ordering = ["path"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganizationLink)
class OrganizationLinkAdmin(admin.ModelAdmin):
    list_display = ["child", "parent", "valid_from", "valid_to"]
    raw_id_fields = ["child", "parent"]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "head"]
