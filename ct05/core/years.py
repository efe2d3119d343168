"""The years CT05 keeps: from Directive 05-CT/TW (15/5/2016) to next year (plans are made ahead)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR = 2016  # Directive 05-CT/TW, 15/5/2016


def this_year() -> int:
    return timezone.localdate().year


def year_choices() -> list[tuple[int, str]]:
    """Years a page offers, newest first; labels are strings so they never read "2.026"."""
    return [(y, str(y)) for y in range(this_year() + 1, FIRST_YEAR - 1, -1)]


def check_year(year: int) -> None:
    """Refuse a year outside the ones CT05 keeps, with a message naming the range."""
    last = this_year() + 1
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            }
        )
