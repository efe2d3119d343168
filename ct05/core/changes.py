"""Announcing that records changed, to whoever keeps figures derived from them.

A domain service that writes records a higher layer counts (the report's tallies count
commitments, ratings, memberships, study sessions and meetings) calls :func:`announce` inside its
own transaction; the higher layer subscribes in its ``AppConfig.ready``. So the arrow of imports
points down (``commitments`` knows nothing of ``reports``) while the tallies still change in the
same transaction as the records: a subscriber that fails rolls the change back with it.

Not Django's ``post_save`` signals: they miss ``bulk_create`` and ``update()`` and hide the call.
Here every write that changes a counted figure names the change it made. Anything that writes
such records without the services (a bulk load, a restore) must announce them too, or rebuild
the derived figures (``ct05 recount``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum


class Records(StrEnum):
    """What changed. Each kind is announced per organization and, but for memberships and
    codes of ethical standards (``WITHOUT_YEAR``), year."""

    COMMITMENTS = "commitments"  # commitments, their deeds and evaluations
    RATINGS = "ratings"  # ratings (the decided ones count)
    MEMBERSHIPS = "memberships"  # a person joined, left or moved (every year of the unit)
    STUDY = "study"  # study sessions, attendance, reflections (by the session's year)
    # whether members studied: announced for the organizations the attendees whose attendance
    # at a session of a yearly topic changed belong to at the end of the session's year
    STUDIED = "studied"
    MEETINGS = "meetings"  # cell meetings (by the meeting's year)
    ACTIVITIES = "activities"  # community activities and their outputs (by the activity's year)
    PLANS = "plans"  # collective plans and their pressing issues (by the plan's year)
    # models and exemplars (by the year registered, and the year recognized)
    EXEMPLARS = "exemplars"
    # breakthrough and other tasks (a year's by its year, a term's by every year of the term)
    TASKS = "tasks"
    AWARDS = "awards"  # awards (by the decision's year)
    DIALOGUES = "dialogues"  # dialogue conferences (by the conference's year)
    INDICATORS = "indicators"  # targets and new-rural criteria (by their year)
    # codes of ethical standards (an organization has one from its first code's adoption on)
    ETHICS_CODES = "ethics_codes"
    # an organization itself: it was created, ended (dissolved, merged) or changed its kind or
    # the day it began (a party organization counts in the years it existed)
    ORGANIZATIONS = "organizations"


# Memberships and codes count over every year from theirs, an organization in every year it
# existed: their change names no single year.
WITHOUT_YEAR = frozenset({Records.MEMBERSHIPS, Records.ETHICS_CODES, Records.ORGANIZATIONS})

Subscriber = Callable[..., None]
_subscribers: dict[Records, list[Subscriber]] = defaultdict(list)


def subscribe(records: Records, subscriber: Subscriber) -> None:
    """Call ``subscriber(organization_id)`` (``WITHOUT_YEAR``) or ``subscriber(organization_id,
    year)`` whenever ``records`` of an organization change. Subscribing twice subscribes once."""
    if subscriber not in _subscribers[Records(records)]:
        _subscribers[Records(records)].append(subscriber)


def subscribers(records: Records) -> tuple[Subscriber, ...]:
    return tuple(_subscribers[Records(records)])


# Inside ``deferred()``: the announcements waiting for the block's end, each once, in order.
_pending: ContextVar[dict[tuple, None] | None] = ContextVar("ct05_changes_pending", default=None)


def announce(records: Records, *, organization_id: int, year: int | None = None) -> None:
    """``records`` of ``organization_id`` (in ``year``) changed: every subscriber updates now,
    in the caller's transaction (or once at the end of an enclosing :func:`deferred` block)."""
    records = Records(records)
    if (year is None) != (records in WITHOUT_YEAR):
        needs = "without" if records in WITHOUT_YEAR else "with"
        raise TypeError(f"{records} changes are announced {needs} a year")
    pending = _pending.get()
    if pending is not None:
        pending[(records, organization_id, year)] = None
        return
    _deliver(records, organization_id, year)


def announce_years(records: Records, *, organization_id: int, years) -> None:
    """``announce`` once for each of ``years`` (a record moved from one year to another
    changed both; a term's task counts in each year of the term)."""
    for year in sorted(set(years)):
        announce(records, organization_id=organization_id, year=year)


@contextmanager
def deferred() -> Iterator[None]:
    """Many writes, one update per organization and year: announcements made inside the block
    are collected and delivered once each when it ends without an error (an error delivers
    nothing: the caller's transaction is rolled back with the writes). For bulk writes through
    the services, such as building the demo; use it inside the writes' transaction, and read
    nothing derived from the records (the report's tallies) before the block ends. A block
    inside another waits for the outer one."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[tuple, None] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for records, organization_id, year in pending:
        _deliver(records, organization_id, year)


def _deliver(records: Records, organization_id: int, year: int | None) -> None:
    for subscriber in _subscribers[records]:
        if year is None:
            subscriber(organization_id)
        else:
            subscriber(organization_id, year)


@dataclass(frozen=True)
class Transfer:
    """A person moved to another organization ("chuyển sinh hoạt đảng") from ``day``.

    ``people`` writes the memberships; what a person owns in the apps above it (the year's
    commitment, an undecided rating) must follow them, and those apps subscribe here: ``people``
    sits below them and cannot call them.
    """

    person_id: int
    from_organization_id: int | None
    to_organization_id: int
    day: datetime.date


TransferSubscriber = Callable[[Transfer], None]
_transfer_subscribers: list[TransferSubscriber] = []


def subscribe_transfers(subscriber: TransferSubscriber) -> None:
    """Call ``subscriber(transfer)`` on every transfer, in the transfer's transaction."""
    if subscriber not in _transfer_subscribers:
        _transfer_subscribers.append(subscriber)


def transfer_subscribers() -> tuple[TransferSubscriber, ...]:
    return tuple(_transfer_subscribers)


def announce_transfer(transfer: Transfer) -> None:
    """A person was transferred: every subscriber moves what follows them, now, in the
    caller's transaction (a subscriber that fails takes the transfer back)."""
    for subscriber in _transfer_subscribers:
        subscriber(transfer)


MoveSubscriber = Callable[[int, str, str], None]
_move_subscribers: list[MoveSubscriber] = []


def subscribe_moves(subscriber: MoveSubscriber) -> None:
    """Call ``subscriber(organization_id, old_path, new_path)`` whenever an organization (with
    its subtree) moves in today's tree, in the move's transaction."""
    if subscriber not in _move_subscribers:
        _move_subscribers.append(subscriber)


def announce_move(organization_id: int, old_path: str, new_path: str) -> None:
    """An organization and its subtree moved from ``old_path`` to ``new_path``: whoever keeps
    figures summed up the tree moves them, now, in the caller's transaction."""
    if old_path == new_path:
        return
    for subscriber in _move_subscribers:
        subscriber(organization_id, old_path, new_path)
