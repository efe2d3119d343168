"""The Directive 05 report: every section over one scope and period, for all renderers."""

from __future__ import annotations

from django.utils import timezone

from ct05.organizations.models import Organization

from .periods import Period
from .scope import AS_WAS, OWN, ReportScope
from .sections import SECTIONS
from .trends import by_year


def directive05_report(
    *,
    organization: Organization,
    year: int | None = None,
    period: Period | None = None,
    tree: str = AS_WAS,
) -> dict:
    """The report over ``period`` (or the whole ``year``). ``tree``: ``as_was`` follows the tree
    as it stood on the report's day (names included); ``today`` regroups the same records by
    today's organizations."""
    if period is None:
        if year is None:
            raise TypeError("directive05_report needs a year or a period")
        period = Period.of_year(year)
    scope = ReportScope.load(organization, period, tree=tree)
    computed = {name: section(scope) for name, section in SECTIONS.items()}
    report = {
        "organization": {
            "id": organization.pk,
            "name": scope.root_name,
            "kind": organization.kind,
        },
        # The year the period ends in (the year of a year's report).
        "year": period.year,
        "tree": tree,
        "period": {
            **period.as_dict(),
            # The day people are counted on: the period's end, or today while it runs.
            "members_on": scope.day.isoformat(),
        },
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }
    report.update({name: figures["total"] for name, figures in computed.items()})
    children = []
    rows = [(None, OWN)] + [(child, child.path) for child in scope.children]
    for child, bucket in rows:
        entry = {name: figures[bucket] for name, figures in computed.items()}
        if child is None:
            if not any(_has_rows(v) for v in entry.values()):
                continue
            entry["organization"] = {
                "id": organization.pk,
                "name": scope.root_name,
                "kind": organization.kind,
                "own": True,
                "all_zero": not _has_rows(_without_own_rating(entry)),
            }
        else:
            entry["organization"] = {
                "id": child.id,
                "name": child.name,
                "kind": child.kind,
                "own": False,
            }
        children.append(entry)
    report["children"] = children
    return report


def directive05_by_year(
    *, organization: Organization, period: Period, tree: str = AS_WAS
) -> dict[str, list[dict]]:
    """The organization's headline figures year by year over ``period`` (``trends.by_year``)."""
    return by_year(ReportScope.load(organization, period, tree=tree))


def _has_rows(figures: dict) -> bool:
    """Whether the root's own row has any figure (then it is shown, so the rows add up)."""
    return any((_has_rows(v) if isinstance(v, dict) else bool(v)) for v in figures.values())


def _without_own_rating(entry: dict) -> dict:
    """The own row's figures but those that only say the organization exists: its own rating
    waiting to be decided and its count as a party organization that may keep a plan. Alone,
    they make a row of zeros on the page (which shows members' ratings, and plans as "0/1")."""
    entry = dict(entry)
    ratings = entry.get("ratings")
    if ratings:
        organizations = {**ratings["organizations"], "unrated": 0}
        entry["ratings"] = {**ratings, "organizations": organizations}
    if entry.get("plans"):
        entry["plans"] = {**entry["plans"], "organizations": 0}
    return entry
