"""The same organization over several years: each year's headline figures of every section,
side by side (the page's "over the years" tables and charts).

One grouped query per section over the whole range, grouped by year: the number of queries grows
neither with the tree nor with the years. The figures are those of each year's report, counted
over the subtree as it stands on the period's end (a year's own report may follow the tree as it
was that year); members are counted at each year's end (the running year: its members so far).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear

from ct05.activities.models import Activity
from ct05.plans.models import CollectivePlan
from ct05.ratings.models import PeriodKind, RatingStatus
from ct05.recognition.models import Award

from .models import CommitmentTally, MeetingTally, MembershipTally, RatingTally, StudyTally
from .scope import ReportScope
from .sections import LEVELS, percent

# section: the figures shown for each year, in order
TREND_FIGURES = {
    "commitments": ["people", "committed", "committed_pct", "deeds_registered", "deeds_achieved"],
    "ratings": [
        *(f"members_{level}" for level in LEVELS),
        *(f"organizations_{level}" for level in LEVELS),
    ],
    "study": ["sessions", "attendances", "reflections"],
    "meetings": ["regular", "thematic", "with_directive05"],
    "plans": ["with_plan"],
    "awards": ["total"],
    "activities": ["count", "cadre_turns", "resident_turns"],
}


def by_year(scope: ReportScope) -> dict[str, list[dict]]:
    """{section: [{"year": Y, figure: value, ...} for each year of the period]}."""
    years = scope.years
    subtree = scope.in_subtree()
    table = {
        section: {year: dict.fromkeys(names, 0) for year in years}
        for section, names in TREND_FIGURES.items()
    }

    def put(section: str, rows, names, year_key: str = "year") -> None:
        for row in rows:
            if row[year_key] in table[section]:
                for name in names:
                    table[section][row[year_key]][name] += row[name] or 0

    members = dict.fromkeys(years, 0)
    running = 0
    per_year = dict(
        MembershipTally.objects.filter(subtree, year__lte=years[-1])
        .order_by()
        .values("year")
        .annotate(n=Sum(F("starts") - F("ends")))
        .values_list("year", "n")
    )
    for year in range(min([*per_year, years[0]]), years[-1] + 1):
        running += per_year.get(year) or 0
        if year in members:
            members[year] = running
    for year in years:
        table["commitments"][year]["people"] = members[year]

    put(
        "commitments",
        CommitmentTally.objects.filter(subtree, year__in=years)
        .order_by()
        .values("year")
        .annotate(
            committed=Sum("commitments"),
            deeds_registered=Sum(F("commitments") * F("deed_count")),
            deeds_achieved=Sum("deeds_achieved"),
        ),
        ["committed", "deeds_registered", "deeds_achieved"],
    )
    for values in table["commitments"].values():
        values["committed_pct"] = percent(values["committed"], values["people"])

    for row in (
        RatingTally.objects.filter(
            subtree,
            period_kind=PeriodKind.YEAR,
            year__in=years,
            quarter=0,
            status=RatingStatus.DECIDED,
        )
        .order_by()
        .values("year", "level", "of_members")
        .annotate(n=Sum("ratings"))
    ):
        group = "members" if row["of_members"] else "organizations"
        name = f"{group}_{row['level']}"
        if name in table["ratings"][row["year"]]:
            table["ratings"][row["year"]][name] += row["n"]

    put(
        "study",
        StudyTally.objects.filter(subtree, year__in=years)
        .order_by()
        .values("year")
        .annotate(
            sessions=Sum("sessions"), attendances=Sum("attendances"), reflections=Sum("reflections")
        ),
        TREND_FIGURES["study"],
    )
    put(
        "meetings",
        MeetingTally.objects.filter(subtree, year__in=years)
        .order_by()
        .values("year")
        .annotate(
            regular=Sum("regular"),
            thematic=Sum("thematic"),
            with_directive05=Sum("with_directive05"),
        ),
        TREND_FIGURES["meetings"],
    )
    put(
        "plans",
        CollectivePlan.objects.filter(subtree, year__in=years)
        .order_by()
        .values("year")
        .annotate(with_plan=Count("pk")),
        ["with_plan"],
    )
    start, end = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    put(
        "awards",
        Award.objects.filter(subtree, decision_date__gte=start, decision_date__lte=end)
        .order_by()
        .values(y=ExtractYear("decision_date"))
        .annotate(total=Count("pk")),
        ["total"],
        year_key="y",
    )
    put(
        "activities",
        Activity.objects.filter(subtree, Q(date__gte=start, date__lte=end))
        .order_by()
        .values(y=ExtractYear("date"))
        .annotate(
            count=Count("pk"), cadre_turns=Sum("cadre_turns"), resident_turns=Sum("resident_turns")
        ),
        TREND_FIGURES["activities"],
        year_key="y",
    )
    return {
        section: [{"year": year, **values} for year, values in rows.items()]
        for section, rows in table.items()
    }
