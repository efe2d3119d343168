from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Locality, Organization, OrganizationLink


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["head", "locality"]


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
