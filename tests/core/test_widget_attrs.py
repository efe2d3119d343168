"""Form widgets render their attributes through one filter (``widget_attrs``) in place of
Django's ``attrs.html``, a select's options through another (``select_options``) in place
of ``select.html``'s loop, the inputs, text areas and field blocks in Python
(``ct05.core.rendering``): the same HTML, escaped the same way, on every kind of input."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from ct05.core.rendering import FormRenderer, write_field


class Everything(forms.Form):
    text = forms.CharField(max_length=30, help_text="Tối đa 30 ký tự")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "data-x": '"<b>&'}))
    choice = forms.ChoiceField(choices=[("a", "Một <b>"), ("b", "Hai")], required=False)
    many = forms.MultipleChoiceField(
        choices=[("1", "x"), ("2", "y")], widget=forms.CheckboxSelectMultiple
    )
    flag = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": True}))
    hidden = forms.BooleanField(widget=forms.TextInput(attrs={"autofocus": False}))
    safe = forms.CharField(widget=forms.TextInput(attrs={"title": mark_safe("<i>đã an toàn</i>")}))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    grouped = forms.ChoiceField(
        choices=[
            ("", "—"),
            ("Huyện <A> & B", [("1", "Xã 1"), ("2", 'Xã "2"')]),
            ("3", "Không nhóm"),
        ],
        required=False,
    )
    several = forms.MultipleChoiceField(
        choices=[(1, "một"), (2, "hai"), (3, "ba")],
        widget=forms.SelectMultiple(attrs={"size": 3}),
        required=False,
    )
    maybe = forms.NullBooleanField()
    numbers = forms.TypedChoiceField(choices=[(2025, 2025), (2026, "2026 (kế hoạch)")], coerce=int)
    count = forms.IntegerField(required=False, min_value=0)
    amount = forms.DecimalField(required=False, localize=True, decimal_places=1)
    email = forms.EmailField(required=False)
    site = forms.URLField(required=False)
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    kept = forms.CharField(required=False, widget=forms.HiddenInput)
    at = forms.TimeField(required=False)
    when = forms.DateTimeField(required=False)
    found = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    paper = forms.FileField(required=False)
    blank = forms.CharField(required=False, widget=forms.Textarea)
    dated = forms.ChoiceField(
        choices=[
            ("d", datetime.date(2026, 1, 2)),
            ("t", datetime.datetime(2026, 1, 2, 20, 4, tzinfo=datetime.UTC)),
        ],
        required=False,
    )


FIELD_HTML = """<div class="field{% if field.errors %} invalid{% endif %}">
  <label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {{ field }}
  {% if field.help_text %}<small class="help">{{ field.help_text }}</small>{% endif %}
  {% if field.errors %}{{ field.errors }}{% endif %}
</div>
"""  # includes/field.html as a template, before ``field_block`` wrote it in Python


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_widget_renders_as_djangos_own_templates_do(language):
    data = {
        "text": 'a"b<',
        "day": "2026-01-02",
        "choice": "a",
        "many": ["2"],
        "flag": "on",
        "grouped": "2",
        "several": ["1", "3"],
        "maybe": "false",
        "numbers": "2026",
        "count": "0",
        "amount": "9,5",
        "email": "<a@b>",
        "site": "not a url",
        "secret": "x&y",
        "kept": "0",
        "at": "07:30",
        "when": "02/01/2026 07:30",
        "blank": "",
    }
    initial = {"count": 0, "amount": 12.5, "note": mark_safe("<b>đậm</b>"), "kept": ""}
    field_template = engines["django"].from_string(FIELD_HTML)
    with override(language):
        for form_data in (None, data):
            for form_initial in (None, initial):
                ours = Everything(form_data, initial=form_initial, renderer=FormRenderer())
                django = Everything(form_data, initial=form_initial, renderer=DjangoTemplates())
                through_templates = Everything(
                    form_data, initial=form_initial, renderer=TemplatesSetting()
                )
                for name in Everything.base_fields:
                    assert str(ours[name]) == str(django[name]), name
                    assert str(ours[name]) == str(through_templates[name]), name
                    expected = field_template.render({"field": django[name]})
                    assert write_field(ours[name]) == expected, name
    assert " disabled" in str(Everything(renderer=TemplatesSetting())["flag"])
    assert "autofocus" not in str(Everything(renderer=TemplatesSetting())["hidden"])


def test_a_field_block_shows_its_label_help_and_errors_escaped():
    class Lazy(forms.Form):
        day = forms.DateField(label=gettext_lazy("Date"), help_text=mark_safe("<em>dd/mm</em>"))

    form = Lazy({"day": "<31/02>"})
    block = write_field(form["day"])
    assert block.startswith('<div class="field invalid">')
    assert '<label for="id_day">' in block
    assert "<em>dd/mm</em>" in block  # a safe help text as it is
    assert 'value="&lt;31/02&gt;"' in block  # what was typed, escaped
    assert 'class="errorlist"' in block
    assert write_field(Lazy()["day"]).startswith('<div class="field">')


def test_the_project_renders_widgets_with_its_own_attrs_template():
    assert isinstance(get_default_renderer(), FormRenderer)
    template = get_default_renderer().get_template("django/forms/widgets/attrs.html")
    assert "widget_attrs" in template.template.source
    django = DjangoTemplates().get_template("django/forms/widgets/attrs.html")
    assert "widget_attrs" not in django.template.source
    select = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert "select_options" in select.template.source
