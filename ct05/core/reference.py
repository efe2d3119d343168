"""Reference lists an administrator extends in the admin (programmes, units, kinds of award):
a stable ``code`` the API and the report speak, a Vietnamese ``name`` people read, an order,
and ``active`` (an entry is retired, never deleted, so old records keep their meaning)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceEntry(models.Model):
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Lower-case letters, digits and _.")
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


def seed(model, rows: list[dict]) -> None:
    """Create the entries of ``rows`` missing by code (a data migration's forward step)."""
    known = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        [model(order=(i + 1) * 10, **row) for i, row in enumerate(rows) if row["code"] not in known]
    )
