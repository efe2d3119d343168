"""factory-boy factories. Organizations and people go through the services, as in production."""

import datetime

import factory

from ct05.accounts.models import RoleAssignment, User
from ct05.organizations import services as org_services
from ct05.organizations.models import OrganizationKind
from ct05.people import services as people_services
from ct05.people.models import EthnicGroup

START = datetime.date(2020, 1, 1)


class OrganizationFactory(factory.Factory):
    """``OrganizationFactory(parent=org, kind=...)``; a root when no parent is given."""

    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Chi bộ {n}")
    kind = OrganizationKind.CELL
    parent = None
    valid_from = START

    @classmethod
    def _create(cls, model_class, **kwargs):
        return org_services.create_organization(**kwargs)


FAMILY = ["Nguyễn", "Trần", "Lê", "Giàng", "Lò", "Hoàng", "Vàng", "Sùng", "Phạm", "Đặng"]
MIDDLE = ["Văn", "Thị", "A", "Đức", "Minh", "Seo"]
GIVEN = ["An", "Bình", "Chinh", "Dũng", "Vừ", "Páo", "Hoa", "Lan", "Sáng", "Thắm", "Ánh"]


class PersonFactory(factory.Factory):
    """``PersonFactory(organization=cell)``: a person and their membership from 2020."""

    class Meta:
        model = dict

    full_name = factory.Sequence(
        lambda n: f"{FAMILY[n % len(FAMILY)]} {MIDDLE[n % len(MIDDLE)]} {GIVEN[n % len(GIVEN)]}"
    )
    gender = factory.Sequence(lambda n: "male" if n % 2 else "female")
    organization = None
    valid_from = START
    kinds = factory.LazyFunction(lambda: ["party_member"])
    ethnic_group = factory.LazyFunction(lambda: EthnicGroup.objects.get(code="kinh"))

    @classmethod
    def _create(cls, model_class, **kwargs):
        return people_services.create_person(**kwargs)


def make_user(
    username: str, *, role: str | None = None, organization=None, person=None, **extra
) -> User:
    user = User.objects.create_user(
        username=username, password="pw-" + username, person=person, **extra
    )
    if role:
        RoleAssignment.objects.create(
            user=user, organization=organization, role=role, valid_from=START
        )
    return user


# The band conditions of Quy định 366 (Art. 11) all met: every task done on time, 40% exceeding
# requirements, nothing disciplined. A rating scored under 366 reaches its score's band with it.
ALL_ON_TIME = {
    "tasks_total": 5,
    "tasks_done": 5,
    "tasks_on_time": 5,
    "tasks_exceeding": 2,
    "disciplined": False,
}
