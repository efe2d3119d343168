"""Form widgets render their attributes through one filter (``widget_attrs``) in place of
Django's ``attrs.html``, and a select's options through another (``select_options``) in place
of ``select.html``'s loop: the same HTML, escaped the same way, on every kind of input."""

import datetime

from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.utils.safestring import mark_safe


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
    dated = forms.ChoiceField(
        choices=[
            ("d", datetime.date(2026, 1, 2)),
            ("t", datetime.datetime(2026, 1, 2, 20, 4, tzinfo=datetime.UTC)),
        ],
        required=False,
    )


def test_every_widget_renders_as_djangos_own_templates_do():
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
    }
    for form_data in (None, data):
        ours = Everything(form_data, renderer=TemplatesSetting())
        django = Everything(form_data, renderer=DjangoTemplates())
        for name in Everything.base_fields:
            assert str(ours[name]) == str(django[name]), name
    assert " disabled" in str(Everything(renderer=TemplatesSetting())["flag"])
    assert "autofocus" not in str(Everything(renderer=TemplatesSetting())["hidden"])


def test_the_project_renders_widgets_with_its_own_attrs_template():
    from django.forms.renderers import get_default_renderer

    template = get_default_renderer().get_template("django/forms/widgets/attrs.html")
    assert "widget_attrs" in template.template.source
    django = DjangoTemplates().get_template("django/forms/widgets/attrs.html")
    assert "widget_attrs" not in django.template.source
    select = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert "select_options" in select.template.source
