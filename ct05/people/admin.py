import datetime
import itertools

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from ct05.core import changes
from ct05.core.changes import Records

from .models import EthnicGroup, Membership, Person, PersonKind


class MembershipFormSet(BaseInlineFormSet):
    """A person is a member of one organization on any day: the rows may not overlap."""

    def clean(self):
        super().clean()
        spans = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("valid_from"):
                continue
            spans.append((data["valid_from"], data.get("valid_to") or datetime.date.max))
        spans.sort()
        for (_start, end), (next_start, _next_end) in itertools.pairwise(spans):
            if next_start <= end:
                raise ValidationError(
                    _(
                        "Memberships overlap from %(date)s: a person belongs to one "
                        "organization on any day (end the earlier one the day before)."
                    )
                    % {"date": date_format(next_start, "SHORT_DATE_FORMAT")}
                )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    raw_id_fields = ["organization"]
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "gender", "birth_date", "ethnic_group", "position"]
    search_fields = ["search_name"]
    list_filter = ["gender", "ethnic_group", "kinds"]
    inlines = [MembershipInline]

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        """Memberships corrected here bypass the services: the report's membership tallies of
        every organization the person belonged to, before or after, are recounted."""
        person = form.instance
        before = set(person.memberships.values_list("organization_id", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(person.memberships.values_list("organization_id", flat=True))
        for organization_id in sorted(before | after):
            changes.announce(Records.MEMBERSHIPS, organization_id=organization_id)

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False


admin.site.register(EthnicGroup, list_display=["name", "code", "order"])
admin.site.register(PersonKind, list_display=["name", "code", "order"])
