"""The named world every test can ask about (healthchecks' ``hc/test.py`` pattern).

    province (tuyengiao: propaganda officer; viewer: read-only)
    ├── commune_a (grassroots committee; dangbo_a: its secretary)
    │   ├── cell_a1  (bithu1: secretary; dangvien1 and two more members)
    │   └── cell_a2
    └── commune_b (grassroots committee)
        └── cell_b1  (bithu2: secretary; two members)

``outsider`` has an account and no role. Everyone's password is ``pw-<username>``.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ct05.organizations.models import OrganizationKind as K

from .factories import OrganizationFactory, PersonFactory, make_user


@dataclass
class World:
    province: object
    commune_a: object
    commune_b: object
    cell_a1: object
    cell_a2: object
    cell_b1: object
    people_a1: list
    people_a2: list
    people_b1: list
    admin: object
    tuyengiao: object
    viewer: object
    dangbo_a: object
    bithu1: object
    bithu2: object
    dangvien1: object
    outsider: object

    def api(self, user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client


DEMO_TESTS = "tests/demo/"


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (``-n``), the tests of ``tests/demo/`` go to one worker as one unit
    (they share one build of the demo, which takes a minute and a half); every other test is
    scheduled on its own to whichever worker is free. (xdist's ``--dist loadgroup`` would do it
    with marks, but reads them from a node id that pytest 9.2 no longer lets it change.)"""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return DEMO_TESTS if nodeid.startswith(DEMO_TESTS) else nodeid

    return DemoTogether(config, log)


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.postgres_only`` tests are skipped on SQLite; ``@pytest.mark.own_database``
    tests (which make their own SQLite database, whatever the suite's is) are skipped on
    PostgreSQL: CI's second pass would run them again exactly as its first did."""
    if connection.vendor == "postgresql":
        marker, reason = "own_database", "uses its own SQLite database: ran in the SQLite pass"
    else:
        marker, reason = "postgres_only", "runs only on PostgreSQL"
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if marker in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2's deliberate slowness is for production; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """The API's rate limits count in the cache. The default cache is a table that each test's
    rollback empties; a live-server test commits, and Redis (CT05_CACHE_URL) keeps everything:
    so after any test that used the database, the cache is emptied. (axes' records are tables
    too: rolled back, or flushed after a live-server test.)"""
    yield
    if {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def world(db) -> World:
    province = OrganizationFactory(name="Tỉnh ủy Thử Nghiệm", kind=K.PROVINCIAL_COMMITTEE)
    commune_a = OrganizationFactory(
        name="Đảng ủy xã A", kind=K.GRASSROOTS_COMMITTEE, parent=province
    )
    commune_b = OrganizationFactory(
        name="Đảng ủy xã B", kind=K.GRASSROOTS_COMMITTEE, parent=province
    )
    cell_a1 = OrganizationFactory(name="Chi bộ thôn A1", parent=commune_a)
    cell_a2 = OrganizationFactory(name="Chi bộ thôn A2", parent=commune_a)
    cell_b1 = OrganizationFactory(name="Chi bộ thôn B1", parent=commune_b)
    people_a1 = [PersonFactory(organization=cell_a1) for _ in range(4)]
    people_a2 = [PersonFactory(organization=cell_a2) for _ in range(2)]
    people_b1 = [PersonFactory(organization=cell_b1) for _ in range(3)]
    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        cell_a1=cell_a1,
        cell_a2=cell_a2,
        cell_b1=cell_b1,
        people_a1=people_a1,
        people_a2=people_a2,
        people_b1=people_b1,
        admin=make_user("admin", role="admin", organization=province, is_staff=True),
        tuyengiao=make_user("tuyengiao", role="propaganda", organization=province),
        viewer=make_user("viewer", role="viewer", organization=province),
        dangbo_a=make_user("dangbo_a", role="secretary", organization=commune_a),
        bithu1=make_user("bithu1", role="secretary", organization=cell_a1, person=people_a1[0]),
        bithu2=make_user("bithu2", role="secretary", organization=cell_b1, person=people_b1[0]),
        dangvien1=make_user("dangvien1", role="member", organization=cell_a1, person=people_a1[1]),
        outsider=make_user("outsider"),
    )
