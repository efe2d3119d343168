"""The page tests' fixtures, for these tests too."""

from tests.pages.conftest import commitment  # noqa: F401 (a fixture)
