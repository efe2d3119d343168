"""The named world (tests/conftest.py) with localities: commune A with villages A1 and A2 (the
cells' villages), commune B with village B1."""

import pytest

from ct05.organizations.models import Locality, LocalityKind


@pytest.fixture
def places(world):
    province = Locality.objects.create(kind=LocalityKind.PROVINCE, name="Tỉnh Thử Nghiệm")
    commune_a = Locality.objects.create(kind=LocalityKind.COMMUNE, name="Xã A", parent=province)
    commune_b = Locality.objects.create(kind=LocalityKind.COMMUNE, name="Xã B", parent=province)
    village_a1 = Locality.objects.create(
        kind=LocalityKind.VILLAGE, name="Thôn A1", parent=commune_a
    )
    village_a2 = Locality.objects.create(
        kind=LocalityKind.VILLAGE, name="Thôn A2", parent=commune_a
    )
    village_b1 = Locality.objects.create(kind=LocalityKind.VILLAGE, name="Bản B1", parent=commune_b)
    for organization, locality in (
        (world.province, province),
        (world.commune_a, commune_a),
        (world.commune_b, commune_b),
        (world.cell_a1, village_a1),
        (world.cell_a2, village_a2),
        (world.cell_b1, village_b1),
    ):
        organization.locality = locality
        organization.save(update_fields=["locality"])
    return {"a1": village_a1, "a2": village_a2, "b1": village_b1, "commune_a": commune_a}
