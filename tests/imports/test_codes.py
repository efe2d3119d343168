"""Every organization of the demo and of ``ct05 synth`` has a code the templates can name."""

import pytest

from ct05.demo.codes import assign_codes, code_for
from ct05.demo.synth import build_synthetic
from ct05.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_codes_follow_the_tree():
    assert code_for("DEMO", "0001") == "DEMO"
    assert code_for("DEMO", "000100030012") == "DEMO.03.38"


def test_the_synthetic_province_is_coded_throughout():
    root = build_synthetic(members=200, seed=7)[0]
    codes = list(
        Organization.objects.filter(path__startswith=root.path).values_list("code", flat=True)
    )
    assert all(codes) and len(set(codes)) == len(codes)


def test_assign_codes_fills_only_the_missing_ones(world):
    Organization.objects.filter(pk=world.province.pk).update(code="P")
    world.province.code = "P"
    Organization.objects.filter(pk=world.cell_a1.pk).update(code="KEPT")
    assert assign_codes(world.province) == 4
    assert Organization.objects.get(pk=world.cell_a1.pk).code == "KEPT"
    assert assign_codes(world.province) == 0
