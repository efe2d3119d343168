"""Optimistic locking: a save names the version it started from, and a stale one is refused.

Pages carry the version in a hidden field; the API carries it as the ``ETag`` of a resource and
takes it back in ``If-Match``. The services check it with the row locked
(``select_for_update``), so of two saves from the same version the second is refused, with
:class:`StaleVersion`, and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record after you opened it. Your changes were not saved: "
    "look at what changed, then save again if yours still apply."
)


class StaleVersion(ValidationError):
    """The record changed since the version the caller read (API: 412)."""

    def __init__(self, *, expected: int, current: int):
        super().__init__(STALE_MESSAGE, code="stale")
        self.expected = expected
        self.current = current


def check_version(instance, expected: int | None) -> None:
    """Refuse the save when ``instance`` (locked by the caller) is not at ``expected``.

    ``None`` means the caller did not say which version it read: the save goes ahead, as it did
    before versions existed (an API client without ``If-Match``)."""
    if expected is not None and instance.version != expected:
        raise StaleVersion(expected=expected, current=instance.version)


def etag(instance) -> str:
    return f'"{instance.pk}-{instance.version}"'


def version_from_if_match(header: str | None, instance) -> int | None:
    """The version an ``If-Match`` header names for ``instance``: ``None`` without a header or
    with ``*``; ``0`` (never current) for a tag of another record or an unreadable one."""
    if not header:
        return None
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    if "*" in tags:
        return None
    if etag(instance) in tags:
        return instance.version
    return 0
