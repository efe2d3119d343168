"""The rural criteria's list reads the same number of queries for one commune's years as for
many: the number of criteria is counted once a response, not once a row (issue 17)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ct05.indicators.models import RuralCriterion
from ct05.indicators.services import record_rural_criteria

YEAR = timezone.localdate().year


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/rural-criteria/")
    assert response.status_code == 200
    return len(queries)


def test_the_list_does_not_count_the_criteria_for_every_row(world):
    client = world.api(world.tuyengiao)
    met = list(RuralCriterion.objects.all()[:3])
    record_rural_criteria(user=world.tuyengiao, organization=world.commune_a, year=YEAR, met=met)
    one = _list_queries(client)
    for year in range(YEAR - 4, YEAR):
        for commune in (world.commune_a, world.commune_b):
            record_rural_criteria(user=world.tuyengiao, organization=commune, year=year, met=met)
    response = client.get("/api/rural-criteria/")
    assert response.json()["count"] == 9
    assert {row["total"] for row in response.json()["results"]} == {
        RuralCriterion.objects.filter(active=True).count()
    }
    assert _list_queries(client) == one
