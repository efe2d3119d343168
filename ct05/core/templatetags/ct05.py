"""Template filters for Vietnamese figures: 15.486, 99,8%, 24/11/2026 (in the active language)."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ct05.core import rendering
from ct05.core.history import history_of, user_name

register = template.Library()


@register.filter
def pct(value, digits: int = 1):
    """A percentage in the active locale: 99.8 -> "99,8%" in Vietnamese; "—" when unknown."""
    if value is None or value == "":
        return "—"
    return f"{number_format(round(float(value), digits), digits, force_grouping=True)}%"


@register.filter
def num(value):
    """An integer with thousands grouped: 15486 -> "15.486" in Vietnamese."""
    if value is None or value == "":
        return "—"
    if type(value) is int:  # the report's thousand figures: without number_format's lookups
        separator = _thousand_separator(get_language())
        if separator is not None:
            return f"{value:,}".replace(",", separator)
    return number_format(value, 0, force_grouping=True)


@functools.cache
def _thousand_separator(language: str | None) -> str | None:
    """The language's thousand separator when it groups by three (as ``number_format`` would
    group), else ``None``: the formats are settings, fixed for the process."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return get_format("THOUSAND_SEPARATOR", language)


@register.filter
def total(paginator):
    """A list's count for its sentence: "1.234", or "hơn 10.000" when the count stopped at
    the cap (``core.paging``)."""
    if getattr(paginator, "capped", False):
        return gettext("more than %(number)s") % {"number": num(paginator.count - 1)}
    return num(paginator.count)


@register.filter
def who(user):
    """A user as people know them ("Vàng A Dình, Bí thư chi bộ"); "—" for nobody."""
    return user_name(user) or "—"


@register.filter
def keep_together(text, tail):
    """``text`` with its ending ``tail`` (a report's period, "giai đoạn 2024–2025") kept on
    one line: a title that wraps breaks before it, never inside it."""
    text, tail = str(text or ""), str(tail or "")
    if not tail or not text.endswith(tail):
        return conditional_escape(text)
    return format_html('{}<span class="nowrap">{}</span>', text[: -len(tail)], tail)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("includes/history.html")
def history(obj, since=None):
    """The change history of ``obj`` (and of the rows that belong to it): who, when, each field
    before and after, read only when the reader opens it (``core.views.history_page``; a record
    changed often has hundreds of entries, and most views of its page never open them). With
    ``since`` (from :func:`ct05.core.views.stale_context`), what changed after the page that
    was refused had been opened, on the page at once."""
    if not since:
        return {"url": reverse("history", args=[obj._meta.label_lower, obj.pk])}
    found = history_of(obj, since_version=since.get("version"), opened_at=since.get("opened_at"))
    return {"entries": found, "since": True}


MENU_FLAGS = ("menu_member", "menu_secretary", "menu_registers_open")
_MENUS: dict[tuple, SafeString] = {}


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    """The main menu's links (``includes/menu_links.html``), rendered once a process for each
    language and kind of menu: they are the same for every user of a kind (the flags of
    ``core.context_processors.menu``), and their twenty links were a third of every page's
    layout. The language switch beside them carries the page's form token: not kept."""
    flags = {name: bool(context.get(name)) for name in MENU_FLAGS}
    key = (get_language(), get_script_prefix(), *flags.values())
    found = _MENUS.get(key)
    if found is None or settings.DEBUG:  # a template edited under the development server
        found = mark_safe(render_to_string("includes/menu_links.html", flags))
        _MENUS[key] = found
    return found


@register.filter(is_safe=True)
def widget_attrs(attrs) -> SafeString:
    """A form widget's attributes, as Django's ``django/forms/widgets/attrs.html`` writes them,
    in one call (``templates/django/forms/widgets/attrs.html`` is this filter; the inputs the
    form renderer writes itself call the same function, :mod:`ct05.core.rendering`)."""
    return rendering.widget_attrs(attrs)


@register.filter(is_safe=True)
def field_block(field) -> SafeString:
    """A form field's block: label, input, help and errors (``includes/field.html``)."""
    return rendering.write_field(field)


SELECT_OPTION = "django/forms/widgets/select_option.html"


@register.filter(is_safe=True)
def select_options(widget) -> SafeString:
    """A select's options (and option groups), as Django's ``select.html`` and
    ``select_option.html`` write them, in one call: two template includes per option were most
    of a page's form rendering where a select lists years or organizations
    (``templates/django/forms/widgets/select.html`` calls this). An option with a template of
    its own is still rendered by it."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{rendering.as_template_writes(group_name)}">')
        for option in group_choices:
            parts.append("\n  ")
            if option["template_name"] == SELECT_OPTION:
                value = rendering.formatted(option["value"])
                attrs = widget_attrs(option["attrs"])
                label = rendering.as_template_writes(option["label"])
                parts.append(f'<option value="{value}"{attrs}>{label}</option>\n')
            else:
                parts.append(render_to_string(option["template_name"], {"widget": option}))
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))
