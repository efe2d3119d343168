from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    raw_id_fields = ["organization"]
    extra = 0


@admin.register(User)
class CT05UserAdmin(UserAdmin):
    fieldsets = [*UserAdmin.fieldsets, ("CT05", {"fields": ["person"]})]
    raw_id_fields = ["person"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "organization", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]
