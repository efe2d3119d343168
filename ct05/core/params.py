"""Ids and years that pages read from a query string or a form outside a Django form.

One parser with ranges for all of them: ``str.isdigit()`` says yes to "²" and "١٢" (which
``int()`` then refuses or reads as another number), and a number past a database's bigint
overflows the query. A malformed value is a 400 naming the parameter (:class:`BadParameter`,
shown by ``core.views.bad_request``); an absent or empty one is None, for the page's default.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from ct05.core.years import FIRST_YEAR, this_year

MAX_ID = 2**63 - 1  # the largest id a bigint column holds


class BadParameter(BadRequest):
    """A query string or form value that is not what the page expects; its message is for the
    user (the 400 page shows it)."""


def parse_id(raw) -> int | None:
    """``raw`` as an id (an ASCII whole number from 1 to ``MAX_ID``), else None."""
    if raw is None or isinstance(raw, bool):
        return None
    text = str(raw).strip()
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def id_param(data, name: str) -> int | None:
    """The id ``name`` of ``data`` (``request.GET`` or ``request.POST``): None when absent or
    empty, a 400 when it is anything but an id."""
    raw = data.get(name)
    if raw is None or raw == "":
        return None
    value = parse_id(raw)
    if value is None:
        raise BadParameter(
            _("“%(name)s” must be the number of a record: a whole number from 1.") % {"name": name}
        )
    return value


def year_param(data, name: str = "year") -> int | None:
    """A year CT05 keeps (2016 to next year) named ``name`` in ``data``: None when absent or
    empty, a 400 naming the range otherwise."""
    raw = data.get(name)
    if raw is None or raw == "":
        return None
    value = parse_id(raw)
    last = this_year() + 1
    if value is None or not FIRST_YEAR <= value <= last:
        raise BadParameter(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": last}
        )
    return value


def requested_year(request) -> int:
    """The year a form posted, else the one in the query string, else this year."""
    return year_param(request.POST) or year_param(request.GET) or this_year()
