"""What a report covers: a year, a quarter, a range of years (a term, a five-year review "sơ
kết/tổng kết") or any days from one date to another.

A period is two dates, both included, and a label ("năm 2026", "quý III năm 2026", "giai đoạn
2021–2025", "từ 01/01/2026 đến 30/06/2026"). What each section counts over it is said once, in
docs/reports.md: records dated in the period count when they fall in it (meetings, study
sessions, inspections, awards...); yearly records (commitments, ratings, plans, targets) count
for every year the period touches, summed ("lượt"); members are counted on the period's end.

``parse_period`` reads the query of the page and of the API (``year``, ``quarter``,
``from_year``/``to_year``, ``from``/``to``) and refuses a period CT05 cannot answer with a
message a person can act on (a ``ValidationError`` keyed by the parameter).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.years import FIRST_YEAR, this_year

YEAR, QUARTER, YEARS, DATES = "year", "quarter", "years", "dates"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_YEARS = 10  # two terms: the longest review a report is asked for
PARAMETERS = ("year", "quarter", "from_year", "to_year", "from", "to")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end`` (both included), named by ``label``."""

    start: datetime.date
    end: datetime.date
    label: str = ""

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", _label(self.start, self.end))

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        return cls(*_quarter_days(year, quarter))

    @classmethod
    def of_years(cls, first: int, last: int) -> Period:
        return cls(datetime.date(first, 1, 1), datetime.date(last, 12, 31))

    @property
    def kind(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return YEAR if self.start.year == self.end.year else YEARS
        if self.quarter:
            return QUARTER
        return DATES

    @property
    def quarter(self) -> int | None:
        """The quarter the period is, if it is one."""
        if self.start.day != 1 or self.start.month % 3 != 1:
            return None
        quarter = (self.start.month + 2) // 3
        return quarter if self.end == _quarter_days(self.start.year, quarter)[1] else None

    @property
    def whole_years(self) -> bool:
        """Whether the period is made of whole calendar years (then the yearly tallies serve)."""
        return self.kind in (YEAR, YEARS)

    @property
    def years(self) -> list[int]:
        """The calendar years the period touches: yearly records count for each of them."""
        return list(range(self.start.year, self.end.year + 1))

    @property
    def year(self) -> int:
        """The year the period ends in (its topic, the members' year)."""
        return self.end.year

    @property
    def day(self) -> datetime.date:
        """The day members are counted on: the period's end, or today while it runs."""
        return min(timezone.localdate(), self.end)

    def years_of(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The part of ``year`` inside the period."""
        return max(self.start, datetime.date(year, 1, 1)), min(
            self.end, datetime.date(year, 12, 31)
        )

    @property
    def slug(self) -> str:
        """The period in a file name: 2026, 2026-q3, 2021-2025, 2026-01-01_2026-06-30."""
        kind = self.kind
        if kind == YEAR:
            return str(self.start.year)
        if kind == YEARS:
            return f"{self.start.year}-{self.end.year}"
        if kind == QUARTER:
            return f"{self.start.year}-q{self.quarter}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def display(self) -> str:
        """The period's name on a page, in the user's language (``label`` is the document's)."""
        kind = self.kind
        if kind == YEAR:
            return _("year %(year)s") % {"year": self.start.year}
        if kind == YEARS:
            return _("%(first)s–%(last)s") % {"first": self.start.year, "last": self.end.year}
        if kind == QUARTER:
            return _("quarter %(quarter)s of %(year)s") % {
                "quarter": ROMAN[self.quarter],
                "year": self.start.year,
            }
        return _("%(start)s to %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    def query(self) -> dict[str, str]:
        """The query parameters that ask for this period again (links, the API)."""
        kind = self.kind
        if kind == YEAR:
            return {"year": str(self.start.year)}
        if kind == YEARS:
            return {"from_year": str(self.start.year), "to_year": str(self.end.year)}
        if kind == QUARTER:
            return {"year": str(self.start.year), "quarter": str(self.quarter)}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "years": self.years,
        }


def _quarter_days(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * quarter - 2
    after = datetime.date(year + (quarter == 4), 1 if quarter == 4 else first_month + 3, 1)
    return datetime.date(year, first_month, 1), after - datetime.timedelta(days=1)


def _label(start: datetime.date, end: datetime.date) -> str:
    """The period's name in the report's language: the report is filed in Vietnamese."""
    period = Period(start, end, "-")
    kind = period.kind
    if kind == YEAR:
        return f"năm {start.year}"
    if kind == YEARS:
        return f"giai đoạn {start.year}–{end.year}"
    if kind == QUARTER:
        return f"quý {ROMAN[period.quarter]} năm {start.year}"
    return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


def _last_day() -> datetime.date:
    """The last day a report may cover: the end of next year (plans are made ahead)."""
    return datetime.date(this_year() + 1, 12, 31)


def _year(value, name: str) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({name: _("Give a year as four digits, e.g. 2025.")}) from None
    last = this_year() + 1
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            {
                name: _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            }
        )
    return year


def _date(value, name: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({name: _("Give a date as YYYY-MM-DD, e.g. 2026-06-30.")}) from None
    first, last = datetime.date(FIRST_YEAR, 1, 1), _last_day()
    if not first <= day <= last:
        raise ValidationError(
            {
                name: _("The date must be between %(first)s and %(last)s.")
                % {"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
            }
        )
    return day


def _given(data, name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def parse_period(data, *, default_year: int | None = None) -> Period:
    """The period a query asks for. In order: ``from``/``to`` (dates), ``from_year``/``to_year``
    (a range of years), ``quarter`` (with ``year``), ``year``; none of them: this year. Raises
    ``ValidationError({parameter: message})``."""
    start, end = _given(data, "from"), _given(data, "to")
    if start or end:
        if not (start and end):
            missing = "to" if start else "from"
            raise ValidationError({missing: _("Give both dates of the period: from and to.")})
        period = Period(_date(start, "from"), _date(end, "to"))
        if period.start > period.end:
            raise ValidationError({"to": _("The period must end on or after the day it begins.")})
        _check_length(period, "to")
        return period
    first, last = _given(data, "from_year"), _given(data, "to_year")
    if first or last:
        if not (first and last):
            missing = "to_year" if first else "from_year"
            raise ValidationError({missing: _("Give both years of the range: from and to.")})
        first_year, last_year = _year(first, "from_year"), _year(last, "to_year")
        if first_year > last_year:
            raise ValidationError(
                {"to_year": _("The range must end in or after the year it begins.")}
            )
        period = Period.of_years(first_year, last_year)
        _check_length(period, "to_year")
        return period
    year_given = _given(data, "year")
    year = _year(year_given, "year") if year_given else (default_year or this_year())
    quarter = _given(data, "quarter")
    if quarter:
        if quarter not in ("1", "2", "3", "4"):
            raise ValidationError({"quarter": _("The quarter must be 1, 2, 3 or 4.")})
        return Period.of_quarter(year, int(quarter))
    return Period.of_year(year)


def _check_length(period: Period, name: str) -> None:
    if len(period.years) > MAX_YEARS:
        raise ValidationError(
            {
                name: _("A report covers at most %(n)s years (two terms); choose a shorter period.")
                % {"n": MAX_YEARS}
            }
        )
