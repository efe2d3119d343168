"""The house in layers (docs/architecture.md): imports run downward, and a planted upward import
is caught by file and line."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from tests.layering import imports, violations

ROOT = pathlib.Path(__file__).resolve().parent.parent / "ct05"


def test_every_import_of_ct05_runs_downward():
    assert violations(ROOT) == []


def test_the_reader_sees_the_imports_the_apps_really_make():
    # A checker that found nothing would pass the test above for the wrong reason.
    found = {(i.source, i.target) for i in imports(ROOT)}
    assert ("commitments", "people") in found
    assert ("reports", "commitments") in found
    assert ("home", "reports") in found
    assert ("ratings", "commitments") in found


@pytest.fixture
def tree(tmp_path):
    copy = tmp_path / "ct05"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "static"))
    return copy


def plant(path: pathlib.Path, line: str) -> int:
    """Add ``line`` at the end of the module; returns its line number."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_an_upward_import_in_a_service_is_named_by_file_and_line(tree):
    line = plant(tree / "people" / "services.py", "from ct05.reports import tallies")
    assert violations(tree) == [
        f"ct05/people/services.py:{line} people imports reports, a layer above it"
    ]


def test_an_upward_import_hidden_in_a_function_or_relative_is_caught(tree):
    line = plant(
        tree / "commitments" / "services.py",
        "def _recount():\n    from ..reports import tallies\n    return tallies",
    )
    assert violations(tree) == [
        f"ct05/commitments/services.py:{line + 1} commitments imports reports, a layer above it"
    ]


def test_core_imports_no_other_app_even_in_its_views(tree):
    line = plant(tree / "core" / "views.py", "from ct05.organizations.models import Organization")
    assert violations(tree) == [
        f"ct05/core/views.py:{line} core imports organizations: core imports no other app"
    ]


def test_a_view_may_read_the_report_but_not_a_face_above_it(tree):
    plant(tree / "meetings" / "views.py", "from ct05.reports.selectors import directive05_report")
    assert violations(tree) == []
    line = plant(tree / "meetings" / "views.py", "from ct05.api import serializers")
    assert violations(tree) == [
        f"ct05/meetings/views.py:{line} meetings imports api, a layer above it"
    ]


def test_a_cycle_between_domain_apps_is_named_with_its_imports(tree):
    line = plant(tree / "commitments" / "models.py", "import ct05.ratings.models")
    (problem,) = violations(tree)
    assert problem.startswith("cycle commitments -> ratings -> commitments (")
    assert f"ct05/commitments/models.py:{line}" in problem


def test_a_function_level_import_of_a_lower_app_in_an_inner_module_is_named(tree):
    line = plant(tree / "ratings" / "services.py", "def f():\n    import ct05.people.models")
    assert violations(tree) == [
        f"ct05/ratings/services.py:{line + 1} ratings imports people inside a function: "
        "import at the top of the module"
    ]
