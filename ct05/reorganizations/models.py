"""The record of every reorganization: what was renamed, moved, merged, split or dissolved, from
which day, by whom. The tree's own history (links, paths, former names) is in ``organizations``;
this is the log a person reads and the API answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ct05.core.scope import ScopedQuerySet
from ct05.organizations.models import Organization


class ReorganizationKind(models.TextChoices):
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move under another organization")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolve")


class Reorganization(models.Model):
    # The level above the change: whoever may change it sees the record.
    scope_organization_field = "organization"

    kind = models.CharField(_("kind of change"), max_length=10, choices=ReorganizationKind.choices)
    effective = models.DateField(_("effective from"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("level above"),
        on_delete=models.PROTECT,
        related_name="reorganizations",
    )
    sources = models.ManyToManyField(Organization, verbose_name=_("sources"), related_name="+")
    targets = models.ManyToManyField(Organization, verbose_name=_("targets"), related_name="+")
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reorganization")
        verbose_name_plural = _("reorganizations")
        ordering = ["-effective", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective:%d/%m/%Y}"
