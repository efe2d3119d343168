"""What the page and the workbook write beside the figures of the community sections: the
names of the codes the report keys its figures by (types of model, forms of award, issuer
levels, units of output). Reference names only; every figure comes from the report."""

from __future__ import annotations

from dataclasses import dataclass

from ct05.activities.models import OutputUnit
from ct05.recognition.models import AwardForm, ExemplarType, IssuerLevel


@dataclass
class Labelled:
    code: str
    name: str
    symbol: str = ""


def labels() -> dict[str, list[Labelled]]:
    return {
        "types": [Labelled(c, n) for c, n in ExemplarType.objects.values_list("code", "name")],
        "forms": [Labelled(c, n) for c, n in AwardForm.objects.values_list("code", "name")],
        "levels": [Labelled(str(v), str(label)) for v, label in IssuerLevel.choices],
        "units": [
            Labelled(c, n, s)
            for c, n, s in OutputUnit.objects.values_list("code", "name", "symbol")
        ],
    }


def rows(figures: dict, entries: list[Labelled]) -> list[tuple[Labelled, object]]:
    """(label, figure) for each code the figures have, in the reference list's order."""
    return [(entry, figures[entry.code]) for entry in entries if entry.code in figures]
