"""What the pages' forms share: years, and putting a service's ``ValidationError`` on the form
it came from. The organization pickers limited by the scope rule are in
:mod:`ct05.organizations.forms`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ct05.core.text import length_help
from ct05.core.years import this_year, year_choices


def apply_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: on the field it names when the form has
    one, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            form.add_error(target, messages)
    else:
        form.add_error(None, error.messages)


class YearField(forms.TypedChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_value", None)
        kwargs.setdefault("choices", year_choices)
        kwargs.setdefault("initial", this_year)
        super().__init__(*args, **kwargs)


def limited_text(model_field, *, help_text=None, rows: int = 3, **kwargs) -> forms.CharField:
    """A text area of at most ``model_field``'s ``max_length`` characters, the limit said after
    the form's own help text."""
    limit = length_help(model_field.max_length)
    return forms.CharField(
        max_length=model_field.max_length,
        help_text=format_lazy("{} {}", help_text, limit) if help_text else limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )
