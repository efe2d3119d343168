"""``python -m loadtest.pages``: every request kind of the load test, sent as the load test's
users send it, answers as it should (a page 200, a write its redirect), with its CPU and queries
counted; the writes leave nothing behind."""

import pytest
from django.db import connection
from django.test import Client

from ct05.accounts.models import User
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


def test_a_secretarys_free_days_leave_out_the_days_its_cell_already_met_on():
    # A second load run on the same database records its meetings on days still free, so its
    # writes are saved rather than answered "recorded before".
    root, _ = build_synthetic(members=300, seed=3)
    first = make_load_users(root, count=2, password="ct05-load-test-only")["secretaries"][0]
    assert first["free_days"] and len(set(first["free_days"])) == len(first["free_days"])
    client = Client()
    client.force_login(User.objects.get(username=first["username"]))
    day = first["free_days"][0]
    answer = client.post(
        "/meetings/new/",
        {"organization": first["cell"], "date": day, "kind": "thematic", "subject": "Chuyên đề"},
    )
    assert answer.status_code == 302

    again = make_load_users(root, count=2, password="ct05-load-test-only")["secretaries"][0]

    assert day not in again["free_days"]
