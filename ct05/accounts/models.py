"""Users and their role assignments, each on an organization subtree."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import EffectiveDated, active_on
from ct05.core.roles import Role


class User(AbstractUser):
    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # What a page shows for a related user (``core.history`` reads it in bulk with the person).
    label_select_related = ("person",)

    @property
    def display_name(self) -> str:
        """The user as people know them: "Vàng A Dình, Bí thư chi bộ" (the person's full name and
        position); the account's own name, or the username, only for a user without a person.
        Every page and the history show a user through this (``core.history.user_name``, the
        ``who`` template filter), never the username."""
        person = self.person if self.person_id else None
        if person is not None:
            return f"{person.full_name}, {person.position}" if person.position else person.full_name
        return self.get_full_name() or self.get_username()

    def current_scopes(self) -> list[tuple[int, str, str]]:
        """(organization id, its path, role) of each role assignment in force today: what the
        scope rule (:mod:`ct05.core.scope`) reads."""
        return list(
            RoleAssignment.objects.current()
            .filter(user_id=self.pk)
            .values_list("organization_id", "organization__path", "role")
        )


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(active_on(timezone.localdate()))


class RoleAssignment(EffectiveDated):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization (whole subtree)"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = RoleAssignmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "organization__path"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"
