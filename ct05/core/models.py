import datetime

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ct05.core.text import length_help

# What a person may type in a free-text field, in characters.
NOTE_LENGTH = 2_000  # a note, a progress note, a deed's description
TEXT_LENGTH = 5_000  # a pledge, a self-assessment, a topic's description
DOCUMENT_LENGTH = 20_000  # a meeting's minutes, a reflection essay's text


class LimitedTextField(models.TextField):
    """A text field of at most ``max_length`` characters, said in its help text.

    Django's ``TextField`` hands ``max_length`` to the form field only; this one refuses a
    longer text in ``full_clean`` too, so the admin, the pages, the API and the services refuse
    alike (DRF's ModelSerializer reads the limit from ``max_length``).
    """

    def __init__(self, *args, max_length: int, **kwargs):
        kwargs.setdefault("help_text", length_help(max_length))
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]


def check_fields(instance: models.Model, *names: str) -> None:
    """Validate the fields ``names`` of ``instance`` (their length, their choices) as
    ``full_clean`` would, naming each field; for services that write with ``save`` alone."""
    instance.clean_fields(exclude=[f.name for f in instance._meta.fields if f.name not in names])


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def counting_day(year: int) -> datetime.date:
    """The day a year's figures are counted on: its last day, or today until then (a year
    not begun yet counts today's members)."""
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def active_on(day, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] interval contains ``day`` (valid_to null: still open)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def active_between(start, end, prefix: str = "") -> Q:
    """Rows whose validity interval overlaps [start, end]."""
    return Q(**{f"{prefix}valid_from__lte": end}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": start})
    )


class EffectiveDated(models.Model):
    """Rows are never deleted: they end. ``valid_to`` is the last day the row holds."""

    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})


class Versioned(models.Model):
    """A record two people may edit at once: every save counts one more version.

    A page or an API client that read version N and saves names N; the service, holding the
    row locked, refuses the save when the row is at another version by then
    (:func:`ct05.core.versions.check_version`), so the second of two saves never silently
    overwrites the first.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            # One more than the stored version, not the one this object was read at: a save
            # from an object read long ago (without a version check) must not set it back.
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.version = max(stored or 0, self.version) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
