from django.contrib import admin
from django.db import transaction

from .models import EthnicGroup, Membership, Person, PersonKind


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["organization"]
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "gender", "birth_date", "ethnic_group", "position"]
    search_fields = ["search_name"]
    list_filter = ["gender", "ethnic_group", "kinds"]
    inlines = [MembershipInline]

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        """Memberships corrected here bypass the services: the report's membership tallies of
        every organization the person belonged to, before or after, are recounted."""
        from ct05.reports import tallies

        person = form.instance
        before = set(person.memberships.values_list("organization_id", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(person.memberships.values_list("organization_id", flat=True))
        for organization_id in sorted(before | after):
            tallies.refresh_memberships(organization_id)

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False


admin.site.register(EthnicGroup, list_display=["name", "code", "order"])
admin.site.register(PersonKind, list_display=["name", "code", "order"])
