"""Collective plans ("kế hoạch làm theo Bác của tập thể") with their pressing issues ("vấn đề
bức xúc, nổi cộm"), and codes of ethical standards ("chuẩn mực đạo đức") (domain.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import NOTE_LENGTH, TEXT_LENGTH, LimitedTextField, TimeStamped, Versioned
from ct05.core.scope import ScopedQuerySet


class CollectivePlan(TimeStamped, Versioned):
    """One per organization and year."""

    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="collective_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    content = LimitedTextField(_("content"), max_length=TEXT_LENGTH, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collective plan")
        verbose_name_plural = _("collective plans")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_plan_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    def history_sources(self):
        return [self.history.all(), PressingIssue.history.filter(plan_id=self.pk)]


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    CARRIED_OVER = "carried_over", _("Carried over")


class PressingIssue(TimeStamped):
    scope_organization_field = "plan__organization"

    plan = models.ForeignKey(CollectivePlan, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(_("pressing issue"), max_length=300)
    target = LimitedTextField(_("target"), max_length=NOTE_LENGTH, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    result = LimitedTextField(_("result"), max_length=NOTE_LENGTH, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pressing issue")
        verbose_name_plural = _("pressing issues")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.title


class EthicsCode(TimeStamped, Versioned):
    """An organization's code of ethical standards; a new revision is a new row."""

    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="ethics_codes",
    )
    title = models.CharField(_("title"), max_length=300)
    content = LimitedTextField(_("content"), max_length=TEXT_LENGTH, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("code of ethical standards")
        verbose_name_plural = _("codes of ethical standards")
        ordering = ["organization__path", "-adopted_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_reviewed_on__isnull=True)
                | models.Q(last_reviewed_on__gte=models.F("adopted_on")),
                name="ethics_code_reviewed_after_adoption",
            )
        ]

    def __str__(self) -> str:
        return self.title
