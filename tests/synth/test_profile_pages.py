"""``python -m loadtest.pages``: every request kind of the load test, sent as the load test's
users send it, answers as it should (a page 200, a write its redirect), with its CPU and queries
counted; the writes leave nothing behind."""

import pytest
from django.db import connection

from ct05.commitments.models import ProgressNote
from ct05.demo.loadusers import make_load_users
from ct05.demo.synth import build_synthetic
from ct05.meetings.models import Meeting
from loadtest import pages

pytestmark = pytest.mark.django_db


def test_every_kind_of_the_mix_is_measured_and_the_writes_are_rolled_back():
    root, _ = build_synthetic(members=300, seed=3)
    data = make_load_users(root, count=2, password="ct05-load-test-only")
    notes, meetings = ProgressNote.objects.count(), Meeting.objects.count()

    result = pages.run(data, repeat=2, kinds=list(pages.MIX), users=2)

    assert result["problems"] == []
    assert set(result["kinds"]) == set(pages.MIX)
    for kind, row in result["kinds"].items():
        assert row["cpu"] > 0 and row["queries"] > 0, kind
        assert (row["db"] is None) == (connection.vendor != "postgresql")
    assert result["kinds"]["member: my year"]["size"] > 10_000  # the page itself, not a redirect
    assert (ProgressNote.objects.count(), Meeting.objects.count()) == (notes, meetings)
    web, _ = pages.mix_cpu(result["kinds"])
    assert web > 0
    assert any("**mix, per request**" in line for line in pages.table(result))
