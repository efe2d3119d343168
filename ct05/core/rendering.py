"""Forms rendered the way Django's templates render them, with the plainest parts in Python.

An input, a text area and a form's field block (label, input, help, errors) are a few strings
joined; through the template engine each took 50-150 µs (a context, an include, a variable
lookup a piece), and the pages of the load test's mix render 3-12 of them, on every view. The
renderer writes the inputs and the text areas itself and hands every other widget to the
templates (``TemplatesSetting``: ``ct05/templates`` first, then Django's). What they write is
the same HTML, character for character: ``tests/core/test_widget_attrs.py`` compares them with
Django's templates for every kind of input, value and attribute.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

# Django's templates of these widgets are ``{% include "django/forms/widgets/input.html" %}``.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "date",
        "datetime",
        "time",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "search",
        "color",
        "checkbox",
        "file",
    )
)
TEXTAREA = "django/forms/widgets/textarea.html"


def as_template_writes(value) -> str:
    """A value as ``{{ value }}`` writes it: in local time, localized, escaped unless safe."""
    return conditional_escape(localize(template_localtime(value)))


def formatted(value) -> str:
    """``{{ value|stringformat:"s" }}``: the text of the value, escaped unless it is safe."""
    text = "%s" % value  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else escape(text)


def widget_attrs(attrs) -> SafeString:
    """A form widget's attributes, as Django's ``django/forms/widgets/attrs.html`` writes them
    (`` name="value"``; a True value by its name alone, a False one left out)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" ")
        parts.append(conditional_escape(name))
        if value is not True:
            parts.append('="')
            parts.append(formatted(value))
            parts.append('"')
    return mark_safe("".join(parts))


def write_input(widget: dict) -> str:
    """Django's ``input.html``."""
    value = widget["value"]
    shown = "" if value is None else f' value="{formatted(value)}"'
    return (
        f'<input type="{as_template_writes(widget["type"])}" '
        f'name="{as_template_writes(widget["name"])}"{shown}{widget_attrs(widget["attrs"])}>'
    )


def write_textarea(widget: dict) -> str:
    """Django's ``textarea.html``."""
    value = widget["value"]
    shown = as_template_writes(value) if value else ""
    return (
        f'<textarea name="{as_template_writes(widget["name"])}"'
        f"{widget_attrs(widget['attrs'])}>\n{shown}</textarea>"
    )


def write_field(field) -> SafeString:
    """A form field as ``includes/field.html`` lays it out: its label, its input, its help and
    its errors, in a block marked invalid when it has errors."""
    errors = field.errors
    help_text = field.help_text
    shown_help = (
        '<small class="help">' + as_template_writes(help_text) + "</small>" if help_text else ""
    )
    return mark_safe(
        f'<div class="field{" invalid" if errors else ""}">\n'
        f'  <label for="{as_template_writes(field.id_for_label)}">'
        f"{as_template_writes(field.label)}</label>\n"
        f"  {conditional_escape(field)}\n"
        f"  {shown_help}\n"
        f"  {conditional_escape(errors) if errors else ''}\n"
        f"</div>\n"
    )


class FormRenderer(TemplatesSetting):
    """Django's ``TemplatesSetting`` with the inputs and text areas written in Python."""

    def render(self, template_name, context, request=None):
        if request is None:
            if template_name in INPUTS:
                return write_input(context["widget"])
            if template_name == TEXTAREA:
                return write_textarea(context["widget"])
        return super().render(template_name, context, request)
