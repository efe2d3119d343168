"""The terms ("nhiệm kỳ") tasks are set for, a reference list an administrator extends (the
2030–2035 term is added here when it comes); tasks are kept on their pages."""

from django.contrib import admin

from .models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        # A term's tasks count in each of its years (the report's tallies hold them there):
        # once it has tasks, its years stay.
        if obj is not None and obj.task_set.exists():
            return ["start_year", "end_year"]
        return []
