from django.contrib import admin

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

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False


admin.site.register(EthnicGroup, list_display=["name", "code", "order"])
admin.site.register(PersonKind, list_display=["name", "code", "order"])
