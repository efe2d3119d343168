"""Template filters for Vietnamese figures: 15.486, 99,8%, 24/11/2026 (in the active language)."""

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

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
    return number_format(value, 0, force_grouping=True)


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
    before and after. With ``since`` (from :func:`ct05.core.views.stale_context`), what changed
    after the page that was refused had been opened."""
    since = since or {}
    found = history_of(obj, since_version=since.get("version"), opened_at=since.get("opened_at"))
    return {"entries": found, "since": bool(since)}
