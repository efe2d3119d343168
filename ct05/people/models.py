"""People and their membership of organizations over time."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import EffectiveDated, TimeStamped, Versioned, active_on
from ct05.core.scope import ScopedQuerySet
from ct05.core.text import fold, normalize_spaces, split_name, vietnamese_sort_key


class EthnicGroup(models.Model):
    """One of Vietnam's 54 ethnic groups (reference list, loaded by a migration)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PersonKind(models.Model):
    """Party member, cadre, civil servant, public employee, union/association member."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of person")
        verbose_name_plural = _("kinds of person")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Diacritic-insensitive: "giang a vu" finds "Giàng A Vừ"."""
        text = fold(text)
        if not text:
            return self
        return self.filter(search_name__contains=text)

    def vietnamese_order(self):
        return self.order_by("sort_key", "pk")

    def members_of(self, organizations, day=None):
        """People with a membership active on ``day`` in one of ``organizations``."""
        day = day or timezone.localdate()
        return self.filter(
            pk__in=Membership.objects.filter(active_on(day), organization__in=organizations).values(
                "person_id"
            )
        )


EARLIEST_BIRTH = datetime.date(1900, 1, 1)
ADMISSION_AGE = 18  # Party Charter, art. 1: admitted from eighteen


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def date_problems(birth, admission, official, today=None) -> dict:
    """{field: message} for the dates a person cannot have: born from 1900, admitted to the
    Party at 18 at the earliest and not in the future, a full member no earlier than admitted.
    Empty when all hold; the import checks 100,000 rows with it, without a model instance."""
    errors = {}
    today = today or timezone.localdate()
    if birth is not None and birth < EARLIEST_BIRTH:
        errors["birth_date"] = _("The birth date cannot be before 1/1/1900.")
    elif birth is not None and birth > today:
        errors["birth_date"] = _("The birth date cannot be in the future.")
    if admission is not None and admission > today:
        errors["party_admission_date"] = _("The party admission date cannot be in the future.")
    elif birth and admission and admission < years_after(birth, ADMISSION_AGE):
        errors["party_admission_date"] = _(
            "The party admission date must be at least 18 years after the birth date: "
            "a person is admitted to the Party at 18 at the earliest."
        )
    if official is not None and admission is not None and official < admission:
        errors["party_official_date"] = _(
            "The full membership date cannot be before the party admission date."
        )
    return errors


class Person(TimeStamped, Versioned):
    scope_organization_field = "memberships__organization"

    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnic_group = models.ForeignKey(
        EthnicGroup, verbose_name=_("ethnic group"), on_delete=models.PROTECT, null=True, blank=True
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    kinds = models.ManyToManyField(PersonKind, verbose_name=_("kinds"), blank=True)
    party_admission_date = models.DateField(_("party admission date"), null=True, blank=True)
    # "Ngày chính thức": the day a probationary member became a full member.
    party_official_date = models.DateField(_("full membership date"), null=True, blank=True)
    # The keys an import finds a person by ("Số thẻ đảng viên", "Số định danh cá nhân").
    party_card_number = models.CharField(
        _("party card number"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9][0-9.]*$", _("Digits (and dots) only."))],
    )
    citizen_id = models.CharField(
        _("citizen ID"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{12}$", _("A citizen ID has 12 digits."))],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Derived from full_name on save: diacritic-free search text and the Vietnamese sort key.
    # No index on search_name: it is searched for a word anywhere in it (``contains``, LIKE
    # '%…%'), which no B-tree serves; sort_key has one index for ordering, without the
    # ``varchar_pattern_ops`` copy ``db_index`` adds for LIKE 'x%' that nobody runs. Three
    # fewer indexes to keep up on every write of a person (an import of 100,000: 0.6 s).
    search_name = models.CharField(max_length=150, editable=False)
    sort_key = models.CharField(max_length=255, editable=False)

    objects = PersonQuerySet.as_manager()

    # Nobody searches or sorts the history by these: their four indexes only slowed every
    # write of a person (an import of 100,000 people kept them up to date row by row).
    # The history is read by person only: no index on what nobody looks it up by.
    history = HistoricalRecords(no_db_index=["search_name", "sort_key", "ethnic_group"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]
        indexes = [models.Index(fields=["sort_key"], name="person_sort_key")]
        constraints = [
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=~Q(party_card_number=""),
                name="person_party_card_number_unique",
            ),
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="person_citizen_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize_spaces(self.full_name)
        self.search_name = fold(self.full_name)
        self.sort_key = vietnamese_sort_key(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name", "sort_key"}
        super().save(*args, **kwargs)

    def clean(self):
        """Dates a person can have (:func:`date_problems`). Every writer (admin, pages, API,
        services, the import) applies it."""
        errors = date_problems(self.birth_date, self.party_admission_date, self.party_official_date)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def derived_fields(full_name: str) -> dict:
        """The derived columns, for bulk creation (which skips ``save``)."""
        full_name = normalize_spaces(full_name)
        return {
            "full_name": full_name,
            "search_name": fold(full_name),
            "sort_key": vietnamese_sort_key(full_name),
        }

    @property
    def given_name(self) -> str:
        return split_name(self.full_name)[2]

    @classmethod
    def scope_filter(cls, organizations) -> Q:
        """A person is in scope while they are a current member of an organization in scope."""
        return Q(
            pk__in=Membership.objects.filter(
                active_on(timezone.localdate()), organization__in=organizations
            ).values("person_id")
        )

    def current_membership(self, day=None):
        day = day or timezone.localdate()
        return (
            self.memberships.filter(active_on(day))
            .select_related("organization")
            .order_by("-valid_from")
            .first()
        )

    def history_sources(self):
        return [self.history.all(), Membership.history.filter(person_id=self.pk)]


class Membership(EffectiveDated):
    """A person's membership of an organization; a transfer ends one and starts another."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    # No index of its own: the first column of (organization, valid_from, valid_to) serves
    # every look-up by organization, and each index costs every write (an import's COPY).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
    )

    # The history is read by membership and by person (a person's page), never by organization.
    history = HistoricalRecords(no_db_index=["organization"])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["person", "valid_from"]
        indexes = [
            models.Index(fields=["organization", "valid_from", "valid_to"]),
            # The report's members on a day other than a year's end (ct05.reports.sections).
            models.Index(fields=["valid_from"], name="membership_from"),
            models.Index(fields=["valid_to"], name="membership_to"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_interval",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization}"


class AttendanceRow(models.Model):
    """One person on an attendance list (a study session's, a meeting's)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    class Meta:
        abstract = True
