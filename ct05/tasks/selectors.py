"""Reads the pages and dashboards share: a head's tasks, and the tasks overdue in a subtree."""

from __future__ import annotations

from django.db.models import Q

from ct05.organizations.models import Organization

from .models import Task, TaskStatus


def my_tasks(user):
    """Open tasks whose responsible head is the user's person (in their scope or not: they
    are accountable for them), the overdue first by deadline."""
    if not user.is_authenticated or not user.person_id:
        return Task.objects.none()
    return (
        Task.objects.filter(head_id=user.person_id)
        .exclude(status=TaskStatus.COMPLETED)
        .select_related("organization")
        .order_by("deadline", "pk")
    )


def overdue_tasks(organization: Organization):
    """Overdue tasks assigned in ``organization``'s subtree, or owned by it (a committee
    follows what it assigned)."""
    return (
        Task.objects.overdue()
        .filter(
            Q(organization__path__startswith=organization.path)
            | Q(committee__path__startswith=organization.path)
        )
        .select_related("organization")
        .order_by("deadline", "pk")
    )
