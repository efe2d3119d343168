"""The demo province, built once for the tests of this package and rolled back after them.

Building it through the services takes a minute and a half, so every test that reads it lives
here and shares one build: it is made inside an outer transaction that each test's own (``db``)
transaction nests in as a savepoint (what a test writes is rolled back after it), and the outer
one is rolled back when the package's tests are done, before the live-server tests (which
pytest-django runs last) flush the database. Under xdist the tests of this package run together
on one worker (``tests/conftest.py`` schedules them so). The suite checks passwords with the fast hasher only;
the demo's are hashed with it.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The output of ``ct05 demo`` on an empty database; the data stay for the package."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
