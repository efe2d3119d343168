def test_world_builds(world):
    assert world.cell_a1.get_parent().pk == world.commune_a.pk
