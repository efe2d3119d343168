"""Models and exemplars ("mô hình, điển hình tiên tiến") and awards ("khen thưởng").

Both are held by a collective or by a person. A model is registered, then being built, then
recognized (or dropped), each step dated; an award is a decision (form, issuer, number, date)
for a recipient, optionally for a model or an activity. The types of model, the forms of award
and the issuers are reference lists an administrator extends.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.activities.models import Activity
from ct05.core.evidence import Evidence
from ct05.core.models import NOTE_LENGTH, TEXT_LENGTH, LimitedTextField, TimeStamped, Versioned
from ct05.core.reference import ReferenceEntry
from ct05.core.scope import ScopedQuerySet


class HolderKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ExemplarType(ReferenceEntry):
    class Meta(ReferenceEntry.Meta):
        verbose_name = _("type of model")
        verbose_name_plural = _("types of model")


class ExemplarStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    BUILDING = "building", _("Being built")
    RECOGNIZED = "recognized", _("Recognized")
    DROPPED = "dropped", _("Dropped")


class Exemplar(TimeStamped, Versioned):
    """A model or exemplar, registered with ``organization`` (whose subtree's users keep it)."""

    scope_organization_field = "organization"

    type = models.ForeignKey(
        ExemplarType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name of the model"), max_length=300)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    holder_kind = models.CharField(_("held by"), max_length=12, choices=HolderKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplars",
    )
    holder_name = models.CharField(
        _("collective"),
        max_length=300,
        blank=True,
        help_text=_("The collective holding the model, when not the organization itself."),
    )
    field = models.CharField(_("field"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ExemplarStatus.choices,
        default=ExemplarStatus.REGISTERED,
    )
    registered_on = models.DateField(_("registered on"))
    building_since = models.DateField(_("being built since"), null=True, blank=True)
    recognized_on = models.DateField(_("recognized on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    description = LimitedTextField(_("description and results"), max_length=TEXT_LENGTH, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model or exemplar")
        verbose_name_plural = _("models and exemplars")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            models.Index(fields=["registered_on", "organization"]),
            models.Index(fields=["recognized_on", "organization"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(holder_kind="collective") | Q(person__isnull=False),
                name="exemplar_individual_names_a_person",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def holder(self) -> str:
        if self.holder_kind == HolderKind.INDIVIDUAL and self.person_id:
            return str(self.person)
        return self.holder_name or self.organization.name


class ExemplarEvidence(Evidence):
    scope_organization_field = "exemplar__organization"

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="evidence")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["exemplar", "pk"]


class AwardForm(ReferenceEntry):
    """Giấy khen, Bằng khen, Thư khen …"""

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("form of award")
        verbose_name_plural = _("forms of award")


class IssuerLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    CENTRAL = "central", _("Central")


class AwardIssuer(ReferenceEntry):
    """Who decides an award: a standing committee, a people's committee (chair), a secretary."""

    level = models.CharField(_("level"), max_length=10, choices=IssuerLevel.choices)

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("issuer of awards")
        verbose_name_plural = _("issuers of awards")


class Award(TimeStamped, Versioned):
    """An award decision for a collective (``organization`` itself, or a collective under it
    named in ``recipient_name``) or a person (a member of ``organization``'s subtree)."""

    scope_organization_field = "organization"

    form = models.ForeignKey(
        AwardForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        AwardIssuer, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=HolderKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    recipient_name = models.CharField(
        _("collective"),
        max_length=300,
        blank=True,
        help_text=_("The collective awarded, when not the organization itself."),
    )
    reason = LimitedTextField(_("reason"), max_length=NOTE_LENGTH)
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("for the model"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("for the activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decision_date", "-pk"]
        indexes = [models.Index(fields=["decision_date", "organization"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_kind="collective") | Q(person__isnull=False),
                name="award_individual_names_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.decision_number}"

    @property
    def recipient(self) -> str:
        if self.recipient_kind == HolderKind.INDIVIDUAL and self.person_id:
            return str(self.person)
        return self.recipient_name or self.organization.name
