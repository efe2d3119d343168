"""The kinds of workbook CT05 imports and exports; each registers itself (see ``base``)."""

from . import commitments, organizations, people, ratings, reorganizations  # noqa: F401
