from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm

from .content import Header


class HeaderForm(forms.Form):
    """What the officer gives before filing: the number, place and date, who signs, who gets it.
    The number and the signer are asked for on filing (a draft can be checked without them)."""

    number = forms.CharField(
        label=_("Number"), max_length=50, required=False, help_text=_("e.g. 12-BC/ĐU")
    )
    superior = forms.CharField(label=_("Superior body"), max_length=200, required=False)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Date"))
    signing_for = forms.CharField(label=_("Signing for"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer"), max_length=100, required=False)
    recipients = forms.CharField(
        label=_("Recipients"), max_length=1000, required=False, widget=forms.Textarea({"rows": 3})
    )
    accept_flagged = forms.BooleanField(
        label=_("I have checked the marked sentences and file them as they are"), required=False
    )

    def header(self) -> Header:
        data = {k: v for k, v in self.cleaned_data.items() if k != "accept_flagged"}
        return Header(**data)


class FiledListForm(ScopedFilterForm):
    organization = OrganizationChoiceField(required=False)
    year = YearField()
    field_order = ["organization", "year"]
