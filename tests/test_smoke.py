from ct05.organizations.models import Organization


def test_world_builds(world):
    assert Organization.objects.get_parent(world.cell_a1).pk == world.commune_a.pk
