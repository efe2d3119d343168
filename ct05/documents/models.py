"""Reports as filed: the document as it was sent up the tree, kept whatever the records become."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import TimeStamped
from ct05.core.scope import ScopedQuerySet

from .content import Period


class ReportKind(models.TextChoices):
    DIRECTIVE05 = "directive05", _("Directive 05-CT/TW report")


class FiledReport(TimeStamped):
    """One filed report of an organization for a period (``period_start``–``period_end``, named
    by ``period_label``). ``figures`` is the report's dict and ``content`` the document's, both as
    they were on filing: the Word and PDF files are rendered from ``content`` ever after. Nothing
    here is edited after filing; its history records who filed it."""

    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="filed_reports",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.DIRECTIVE05
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    period_label = models.CharField(_("period"), max_length=100)
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("date"))
    signer_name = models.CharField(_("signer"), max_length=100)
    figures = models.JSONField(_("figures"))
    content = models.JSONField(_("content"))
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_name = models.CharField(_("filed by"), max_length=200)

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("filed report")
        verbose_name_plural = _("filed reports")
        ordering = ["-period_start", "-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "kind", "period_start", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="filed_report_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"Số {self.number} ({self.period_label})"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.period_label)
