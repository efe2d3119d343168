from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.organizations.forms import ScopedFilterForm


class PersonFilterForm(ScopedFilterForm):
    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. giang a vu"), "autocomplete": "off"}
        ),
    )
    field_order = ["q", "organization"]
