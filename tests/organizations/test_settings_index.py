"""The organizations that set an inherited setting are found through one condition
(``SETS_A_SETTING``), the partial index's: a setting added to ``SETTING_DEFAULTS`` and left out
of it would go unseen by every report."""

import pytest

from ct05.organizations.models import SETS_A_SETTING, Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_settings_the_condition_covers_are_all_there_are():
    # A new setting must join SETS_A_SETTING (and its index) and the cases below.
    assert set(Organization.SETTING_DEFAULTS) == {
        "min_deeds",
        "excellent_cap_pct",
        "cap_enforcement",
        "regular_meetings_norm",
        "thematic_meetings_norm",
    }


@pytest.mark.parametrize(
    "name, value",
    [
        ("min_deeds", 5),
        ("excellent_cap_pct", 15),
        ("cap_enforcement", "block"),
        ("regular_meetings_norm", 10),
        ("thematic_meetings_norm", 2),
    ],
)
def test_an_organization_setting_any_one_setting_is_found(name, value):
    plain = OrganizationFactory()
    setter = OrganizationFactory(parent=plain, **{name: value})

    found = set(Organization.objects.filter(SETS_A_SETTING).values_list("pk", flat=True))

    assert found == {setter.pk}
