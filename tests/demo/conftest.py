"""The demo province, built once for a test module and rolled back after it.

Building it through the services takes seconds, so the module's tests share one build: it is
made inside an outer transaction that each test's own (``db``) transaction nests in as a
savepoint, and that is rolled back when the module is done. Other modules never see it.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# The suite checks passwords with this hasher only (tests/conftest.py); hash the demo's with it.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The output of ``ct05 demo`` on an empty database; the data stay for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
