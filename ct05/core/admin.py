"""What the apps' admins share: the admin of a reference list (:mod:`ct05.core.reference`)."""

from django.contrib import admin


class ReferenceEntryAdmin(admin.ModelAdmin):
    """A reference list: ordered and retired in place (``order``, ``active``), never deleted
    once records use an entry (its foreign keys protect it)."""

    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "code"]
