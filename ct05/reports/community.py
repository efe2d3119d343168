"""Report sections of the registers that close every Directive 05 report: models and exemplars,
awards, community activities, dialogue conferences, petitions and indicators (domain.md §7-8).

Each section is a function from a :class:`ReportScope` to ``{"total": {...}, <bucket>: {...}}``
like those of :mod:`ct05.reports.sections`, whatever the size of the tree. Over whole years
activities, models, dialogues and awards come from their tallies' sums over subtrees
(``ActivityTally``, ``OutputTally``, ``ExemplarTally``, ``DialogueTally``, ``AwardTally``),
and indicators, kept by year, always from theirs (``IndicatorTally``), all read with every
other tally (``ReportScope.tally``); over any days, and petitions always (overdue is judged on
the report's day), from the records in one grouped query. The reference lists the figures are
keyed by are read once.

- **models**: registered in the period (``registered``, and of them ``collectives`` and
  ``individuals`` by holder), recognized in the period; ``by_type`` keyed by the type's code.
- **awards**: decided in the period, by recipient, by form (code) and by the issuer's level.
- **activities**: held in the period; cadre- and resident-turns; ``outputs`` summed per unit
  code (a quantity is only ever added to quantities of its own unit).
- **dialogues**: held in the period, and their participants.
- **petitions**: received in the period, resolved in it, and overdue on the report's day
  (received by then, due before it, not closed by it).
- **indicators**: targets of the period's years (summed over them) and those achieved in their
  direction; communes with new-rural criteria recorded for the period's last year and the
  criteria they met on average (of ``criteria``, the national list, given with the total).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, Sum

from ct05.activities.models import Activity, ActivityOutput, OutputUnit
from ct05.dialogues.models import OVERDUE_SQL, Dialogue, Petition, PetitionStatus
from ct05.indicators.models import RuralCriterion
from ct05.organizations.models import Organization
from ct05.recognition.models import (
    Award,
    AwardForm,
    AwardIssuer,
    Exemplar,
    ExemplarType,
    HolderKind,
    IssuerLevel,
)

from .models import (
    ActivityTally,
    AwardTally,
    DialogueTally,
    ExemplarTally,
    IndicatorTally,
    OutputTally,
)
from .scope import ReportScope


def _grouped(scope: ReportScope, rows, figures: list[str]) -> dict[str, dict]:
    """{bucket: {figure: sum}} from rows carrying ``bucket`` and the figures."""
    result: dict[str, dict] = defaultdict(lambda: dict.fromkeys(figures, 0))
    for row in rows:
        bucket = result[scope.bucket_of_path(row["bucket"])]
        for name in figures:
            bucket[name] += row[name] or 0
    return result


def _finish(scope: ReportScope, per_bucket: dict, make) -> dict:
    """``make(values or None)`` for the total and for every bucket of the scope."""
    result = {"total": make(_add(per_bucket.values()))}
    for bucket in scope.buckets():
        result[bucket] = make(per_bucket.get(bucket))
    return result


def _add(dicts) -> dict:
    """The sum of ``dicts``, key by key (nested dicts summed alike)."""
    total: dict = {}
    for values in dicts:
        _add_into(total, values)
    return total


def _add_into(total: dict, values: dict) -> None:
    for key, value in values.items():
        if isinstance(value, dict):
            _add_into(total.setdefault(key, {}), value)
        else:
            total[key] = total.get(key, 0) + value


REFERENCE_LISTS = {
    "models": ExemplarType,
    "awards": AwardForm,
    "activities": OutputUnit,
    "indicators": RuralCriterion,
}


def _active_codes(scope: ReportScope, section: str) -> list[str]:
    """The active codes of the reference list ``section`` keys its figures by (types of
    model, forms of award, units of output, new-rural criteria), in the list's order. The four
    lists are read together, in one query, once per report, with every issuer's level."""
    _read_references(scope)
    return scope.cache["reference_codes"][section]


def _issuer_levels(scope: ReportScope) -> dict[str, str]:
    """{code: level} of every issuer of awards, retired ones too (their awards still count)."""
    _read_references(scope)
    return scope.cache["issuer_levels"]


def _read_references(scope: ReportScope) -> None:
    if "reference_codes" in scope.cache:
        return
    # Written out (plain SELECTs of five small tables): cheaper than five querysets.
    order = connection.ops.quote_name("order")
    parts = [
        f"SELECT %s AS section, code, {order} AS o, name FROM {model._meta.db_table} "
        "WHERE active = %s"
        for model in REFERENCE_LISTS.values()
    ]
    parts.append(f"SELECT %s, code, {order}, level FROM {AwardIssuer._meta.db_table}")
    params = [value for name in REFERENCE_LISTS for value in (name, True)] + [ISSUERS]
    codes: dict[str, list[str]] = {name: [] for name in REFERENCE_LISTS}
    levels: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"{' UNION ALL '.join(parts)} ORDER BY section, o, name", params)
        for name, code, _order, name_or_level in cursor.fetchall():
            if name == ISSUERS:
                levels[code] = name_or_level
            else:
                codes[name].append(code)
    scope.cache["reference_codes"] = codes
    scope.cache["issuer_levels"] = levels


ISSUERS = "issuers"  # the issuers' rows among the reference lists read (code and level)


def _period(scope: ReportScope, field: str) -> Q:
    return Q(**{f"{field}__gte": scope.start, f"{field}__lte": scope.end})


def exemplars(scope: ReportScope) -> dict:
    types = _active_codes(scope, "models")
    if scope.period.whole_years:  # from the tallies of the years (a few rows a child)
        rows = scope.tally(ExemplarTally, {"year__in": scope.years})
    else:  # any days: from the models registered or recognized in them
        registered, recognized = _period(scope, "registered_on"), _period(scope, "recognized_on")
        rows = (
            Exemplar.objects.filter(scope.in_subtree())
            .filter(registered | recognized)
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket", "type__code", "holder_kind")
            .annotate(
                registered=Count("pk", filter=registered),
                recognized=Count("pk", filter=recognized),
            )
        )
    per_bucket: dict[str, dict] = {}
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        values = per_bucket.get(bucket)
        if values is None:  # made once a bucket, not once a row
            values = per_bucket[bucket] = _empty_models(types)
        values["registered"] += row["registered"]
        values["recognized"] += row["recognized"]
        holders = "collectives" if row["holder_kind"] == HolderKind.COLLECTIVE else "individuals"
        values[holders] += row["registered"]
        by_type = values["by_type"].setdefault(
            row["type__code"], {"registered": 0, "recognized": 0}
        )
        by_type["registered"] += row["registered"]
        by_type["recognized"] += row["recognized"]
    return _finish(scope, per_bucket, lambda v: _merge(_empty_models(types), v))


def _empty_models(types) -> dict:
    return {
        "registered": 0,
        "recognized": 0,
        "by_type": {code: {"registered": 0, "recognized": 0} for code in types},
        "collectives": 0,
        "individuals": 0,
    }


def _merge(base: dict, values: dict | None) -> dict:
    """``base`` (a fresh dict of zeros) with ``values`` added into it."""
    if values:
        _add_into(base, values)
    return base


def awards(scope: ReportScope) -> dict:
    forms = _active_codes(scope, "awards")
    if scope.period.whole_years:  # from the tallies of the years, the issuers' levels read now
        levels = _issuer_levels(scope)
        rows = (
            {**row, "issuer__level": levels[row["issuer__code"]], "n": row["awards"]}
            for row in scope.tally(AwardTally, {"year__in": scope.years})
        )
    else:  # any days: from the awards decided in them
        rows = (
            Award.objects.filter(scope.in_subtree(), _period(scope, "decision_date"))
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket", "form__code", "issuer__level", "recipient_kind")
            .annotate(n=Count("pk"))
        )

    def empty() -> dict:
        return {
            "total": 0,
            "collectives": 0,
            "individuals": 0,
            "by_form": dict.fromkeys(forms, 0),
            "by_issuer_level": dict.fromkeys(IssuerLevel.values, 0),
        }

    per_bucket: dict[str, dict] = {}
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        values = per_bucket.get(bucket)
        if values is None:
            values = per_bucket[bucket] = empty()
        n = row["n"]
        values["total"] += n
        values[
            "collectives" if row["recipient_kind"] == HolderKind.COLLECTIVE else "individuals"
        ] += n
        values["by_form"][row["form__code"]] = values["by_form"].get(row["form__code"], 0) + n
        level = row["issuer__level"]
        values["by_issuer_level"][level] = values["by_issuer_level"].get(level, 0) + n
    return _finish(scope, per_bucket, lambda v: _merge(empty(), v))


def activities(scope: ReportScope) -> dict:
    units = _active_codes(scope, "activities")
    figures = ["count", "cadre_turns", "resident_turns"]
    per_unit: dict[str, dict[str, Decimal]] = defaultdict(dict)
    if scope.period.whole_years:  # from the tallies of the years (a few rows a child)
        years = {"year__in": scope.years}
        counted = _grouped(
            scope,
            ({**row, "count": row["activities"]} for row in scope.tally(ActivityTally, years)),
            figures,
        )
        outputs = [
            {**row, "quantity": Decimal(row["thousandths"]) / 1000}
            for row in scope.tally(OutputTally, years)
        ]
    else:  # any days: from the activities dated in them
        counted = _grouped(
            scope,
            Activity.objects.filter(scope.in_subtree(), _period(scope, "date"))
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket")
            .annotate(
                count=Count("pk"),
                cadre_turns=Sum("cadre_turns"),
                resident_turns=Sum("resident_turns"),
            ),
            figures,
        )
        outputs = (
            ActivityOutput.objects.filter(
                scope.in_subtree("activity__organization__"), _period(scope, "activity__date")
            )
            .annotate(bucket=scope.bucket_expression("activity__organization__path"))
            .order_by()
            .values("bucket", "unit__code")
            .annotate(quantity=Sum("quantity"))
        )
    for row in outputs:
        bucket = per_unit[scope.bucket_of_path(row["bucket"])]
        bucket[row["unit__code"]] = bucket.get(row["unit__code"], Decimal(0)) + row["quantity"]
    per_bucket = {
        bucket: {**counted.get(bucket, {}), "outputs": per_unit.get(bucket, {})}
        for bucket in {*counted, *per_unit}
    }

    def make(values: dict | None) -> dict:
        values = values or {}
        outputs = {code: Decimal(0) for code in units}
        for code, quantity in values.get("outputs", {}).items():
            outputs[code] = outputs.get(code, Decimal(0)) + quantity
        return {
            "count": values.get("count", 0),
            "cadre_turns": values.get("cadre_turns", 0),
            "resident_turns": values.get("resident_turns", 0),
            "outputs": {code: _plain(q) for code, q in outputs.items()},
        }

    return _finish(scope, per_bucket, make)


def _plain(quantity: Decimal) -> Decimal:
    """165.200 -> 165.2, 3000.000 -> 3000 (the stored places say nothing)."""
    quantity = Decimal(quantity)
    return (
        quantity.quantize(Decimal(1))
        if quantity == quantity.to_integral()
        else quantity.normalize()
    )


def dialogues(scope: ReportScope) -> dict:
    if scope.period.whole_years:  # from the tallies of the years (a few rows a child)
        rows = (
            {**row, "count": row["dialogues"]}
            for row in scope.tally(DialogueTally, {"year__in": scope.years})
        )
    else:  # any days: from the conferences held in them
        rows = (
            Dialogue.objects.filter(scope.in_subtree(), _period(scope, "date"))
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket")
            .annotate(count=Count("pk"), participants=Sum("participants"))
        )
    per_bucket = _grouped(scope, rows, ["count", "participants"])
    return _finish(scope, per_bucket, lambda v: v or {"count": 0, "participants": 0})


def petitions(scope: ReportScope) -> dict:
    """Petitions received in the period, resolved in it, and overdue on the report's day
    (``overdue_on``): one statement written out (for a cell, the ORM's building of it cost more
    than running it)."""
    bucket, bucket_params, subtree, subtree_params = scope.sql_rows()
    received = "(x.received_on >= %s AND x.received_on <= %s)"
    resolved = "(x.status = %s AND x.closed_on >= %s AND x.closed_on <= %s)"
    period = [scope.start, scope.end]
    status = [PetitionStatus.RESOLVED.value, *period]
    day = [scope.day] * 3
    sql = (
        f"SELECT {bucket}, "
        f"SUM(CASE WHEN {received} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {resolved} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {OVERDUE_SQL} THEN 1 ELSE 0 END) "
        f"FROM {Petition._meta.db_table} x JOIN {Organization._meta.db_table} o "
        f"ON o.id = x.organization_id "
        f"WHERE {subtree} AND ({received} OR {resolved} OR {OVERDUE_SQL}) GROUP BY 1"
    )
    params = [*bucket_params, *period, *status, *day, *subtree_params, *period, *status, *day]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [
            {"bucket": row[0], "received": row[1], "resolved": row[2], "overdue": row[3]}
            for row in cursor.fetchall()
        ]
    per_bucket = _grouped(scope, rows, ["received", "resolved", "overdue"])
    return _finish(scope, per_bucket, lambda v: v or {"received": 0, "resolved": 0, "overdue": 0})


def indicators(scope: ReportScope) -> dict:
    criteria = len(_active_codes(scope, "indicators"))
    # Both yearly, from the tallies: the targets of every year of the period, the communes'
    # criteria of its last.
    per_bucket = _grouped(
        scope,
        scope.tally(IndicatorTally, {"year__in": scope.years}),
        ["targets", "achieved"],
    )
    communes = _grouped(
        scope,
        scope.tally(IndicatorTally, {"year": scope.year}),
        ["communes", "criteria_met"],
    )
    merged = {b: {**per_bucket.get(b, {}), **communes.get(b, {})} for b in {*per_bucket, *communes}}

    def make(values: dict | None) -> dict:
        values = values or {}
        count = values.get("communes", 0)
        met = values.get("criteria_met", 0)
        return {
            "targets": values.get("targets", 0),
            "achieved": values.get("achieved", 0),
            "communes": count,
            "criteria_met_avg": round(met / count, 1) if count else None,
        }

    result = _finish(scope, merged, make)
    # The size of the national list goes with the total only: it is no figure of a row (a row
    # shown only because of it would break "the root's own row when it has a figure").
    result["total"]["criteria"] = criteria
    return result


COMMUNITY_SECTIONS = {
    "models": exemplars,
    "awards": awards,
    "activities": activities,
    "dialogues": dialogues,
    "petitions": petitions,
    "indicators": indicators,
}
