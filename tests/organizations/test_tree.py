import datetime

import pytest
from django.core.exceptions import ValidationError

from ct05.organizations.models import Organization, OrganizationLink
from ct05.organizations.services import dissolve_organization, move_organization
from ct05.people.models import Person


def test_moving_a_cell_keeps_its_old_parent_link(world):
    move_organization(
        organization=world.cell_a2, new_parent=world.commune_b, effective=datetime.date(2025, 7, 1)
    )

    cell = Organization.objects.get(pk=world.cell_a2.pk)
    assert Organization.objects.get_parent(cell) == world.commune_b
    links = list(OrganizationLink.objects.filter(child=cell).order_by("valid_from"))
    assert [(link.parent_id, link.valid_to) for link in links] == [
        (world.commune_a.pk, datetime.date(2025, 6, 30)),
        (world.commune_b.pk, None),
    ]
    # The cell's people now count in commune B's subtree, and no longer in commune A's.
    commune_b = Organization.objects.get(pk=world.commune_b.pk)
    commune_a = Organization.objects.get(pk=world.commune_a.pk)
    in_b = Person.objects.members_of(Organization.objects.filter(path__startswith=commune_b.path))
    in_a = Person.objects.members_of(Organization.objects.filter(path__startswith=commune_a.path))
    assert world.people_a2[0] in in_b
    assert world.people_a2[0] not in in_a


def test_an_organization_cannot_move_under_its_own_subtree(world):
    with pytest.raises(ValidationError):
        move_organization(
            organization=world.commune_a,
            new_parent=world.cell_a1,
            effective=datetime.date(2025, 7, 1),
        )
    assert (
        Organization.objects.get_parent(Organization.objects.get(pk=world.cell_a1.pk))
        == world.commune_a
    )


def test_settings_are_inherited_down_the_tree(world):
    assert world.cell_a1.setting("min_deeds") == 3
    world.province.min_deeds = 2
    world.province.save()
    world.commune_a.min_deeds = 4
    world.commune_a.save()
    assert world.cell_a1.setting("min_deeds") == 4
    assert world.cell_b1.setting("min_deeds") == 2


def test_dissolving_needs_the_children_moved_first(world):
    with pytest.raises(ValidationError):
        dissolve_organization(organization=world.commune_b, effective=datetime.date(2025, 6, 30))
    dissolve_organization(organization=world.cell_b1, effective=datetime.date(2025, 6, 30))
    assert Organization.objects.get(pk=world.cell_b1.pk).valid_to == datetime.date(2025, 6, 30)
    assert Organization.objects.filter(pk=world.cell_b1.pk).exists()  # never deleted
