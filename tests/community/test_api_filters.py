"""Every register's API list narrows to an organization's subtree and to a year, as the
activities' does (issue 15: filters ``organization`` (subtree) and ``year``)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ct05.dialogues.models import Dialogue, Petition
from ct05.indicators.models import RuralCriteriaResult, Target
from ct05.recognition.models import Award, AwardForm, AwardIssuer, Exemplar, ExemplarType

YEAR = timezone.localdate().year - 1


def records(world, organization, year: int, label: str) -> None:
    """One record of every register, filed by ``organization`` (a commune) in ``year``."""
    day = datetime.date(year, 6, 15)
    Exemplar.objects.create(
        type=ExemplarType.objects.first(),
        name=label,
        organization=organization,
        holder_kind="collective",
        registered_on=day,
    )
    Award.objects.create(
        form=AwardForm.objects.first(),
        issuer=AwardIssuer.objects.first(),
        decision_number=label,
        decision_date=day,
        organization=organization,
        recipient_kind="collective",
        reason=label,
    )
    dialogue = Dialogue.objects.create(
        organization=organization, date=day, chair=label, participants=10
    )
    Petition.objects.create(
        organization=organization,
        source="dialogue",
        dialogue=dialogue,
        received_on=day,
        content=label,
        assigned_organization=organization,
        deadline=day + datetime.timedelta(days=30),
    )
    Target.objects.create(
        organization=organization, year=year, name=label, target=Decimal(1), actual=Decimal(1)
    )
    RuralCriteriaResult.objects.create(organization=organization, year=year, met_count=10)


ENDPOINTS = ["models", "awards", "dialogues", "petitions", "indicators", "rural-criteria"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_register_filters_by_subtree_and_year(world, endpoint):
    records(world, world.commune_a, YEAR, "A")
    records(world, world.commune_b, YEAR - 1, "B")
    client = world.api(world.tuyengiao)

    def organizations(**params) -> list[int]:
        response = client.get(f"/api/{endpoint}/", params)
        assert response.status_code == 200, response.content
        return sorted(row["organization"] for row in response.json()["results"])

    assert organizations() == sorted([world.commune_a.pk, world.commune_b.pk])
    assert organizations(organization=world.commune_b.pk) == [world.commune_b.pk]
    assert organizations(year=YEAR) == [world.commune_a.pk]
    assert organizations(organization=world.commune_a.pk, year=YEAR - 1) == []
    assert client.get(f"/api/{endpoint}/", {"year": "abc"}).status_code == 400
    # Commune A's committee sees none of commune B's.
    assert world.commune_b.pk not in [
        row["organization"]
        for row in world.api(world.dangbo_a).get(f"/api/{endpoint}/").json()["results"]
    ]
