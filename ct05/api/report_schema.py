"""The shape of the Directive 05 report, for the OpenAPI schema only (the report is built by
``ct05.reports.selectors.directive05_report``; a test checks the two agree)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

Int = serializers.IntegerField
Pct = serializers.FloatField


def _pct(text):
    return Pct(allow_null=True, help_text=text)


class CommitmentFigures(serializers.Serializer):
    people = Int(help_text=_("members on the report's day (period.members_on)"))
    member_years = Int(
        help_text=_(
            "members counted once for every year of the period (at each year's end, the last "
            "on period.members_on); equals people for one year"
        )
    )
    committed = Int(help_text=_("commitments of the period's years, summed"))
    committed_pct = _pct(_("committed / member_years, in percent; null without members"))
    deeds_registered = Int()
    deeds_evaluated = Int()
    deeds_achieved = Int()
    meeting_minimum = Int(help_text=_("commitments with at least the minimum number of deeds"))


class LevelFigures(serializers.Serializer):
    excellent = Int()
    good = Int()
    complete = Int()
    not_complete = Int()
    unrated = Int(help_text=_("without a decided rating for the year"))


class RatingFlow(serializers.Serializer):
    self_assessed = Int()
    proposed = Int()
    decided = Int()
    reopened = Int()


class RatingFigures(serializers.Serializer):
    members = LevelFigures()
    organizations = LevelFigures(help_text=_("party organizations existing in the year"))
    members_by_status = RatingFlow(
        help_text=_("members' yearly ratings by step: self-assessed, proposed, decided, reopened")
    )


class StudyFigures(serializers.Serializer):
    sessions = Int()
    attendances = Int(help_text=_("people recorded present"))
    reflections = Int(help_text=_("essays received from people recorded present"))
    reflected_pct = _pct(_("reflections / attendances, in percent"))
    members_studied = Int(
        help_text=_(
            "members on the report's day present at a session of a yearly topic in the year, "
            "held anywhere"
        )
    )
    members_studied_pct = _pct(_("members who studied / members, in percent"))


class TopicOfYear(serializers.Serializer):
    year = Int()
    title = serializers.CharField()


class StudyTotal(StudyFigures):
    topic = serializers.CharField(
        allow_null=True, help_text=_("the topic in force in the period's last year")
    )
    topics = TopicOfYear(
        many=True, help_text=_("the topic in force in each year of the period that has one")
    )


class MeetingFigures(serializers.Serializer):
    cells = Int()
    regular = Int()
    thematic = Int()
    with_directive05 = Int()
    cells_regular_norm = Int(help_text=_("cells that held the regular meetings due so far"))
    cells_thematic_norm = Int(help_text=_("cells that held the thematic meetings due so far"))
    regular_norm_pct = _pct(_("null for a year not begun"))
    thematic_norm_pct = _pct(_("null for a year not begun"))
    members_absent_unexcused = Int(
        help_text=_(
            "members absent without reason from 3 or more regular meetings of a cell in the year "
            "(Party Charter, art. 8)"
        )
    )


class PlanFigures(serializers.Serializer):
    organizations = Int(help_text=_("party organizations existing in the year"))
    with_plan = Int(help_text=_("organizations with a collective plan of the year"))
    with_ethics_code = Int(
        help_text=_("organizations with a code of ethical standards adopted by the period's end")
    )
    pressing_issues = Int(help_text=_("pressing issues named in the year's plans"))
    pressing_resolved = Int()


class CategoryFigures(serializers.Serializer):
    total = Int()
    completed = Int(help_text=_("completed by the period's end"))
    overdue = Int(help_text=_("past the deadline and not completed (on the period's end or today)"))


class TaskFigures(serializers.Serializer):
    breakthrough = CategoryFigures()
    focal = CategoryFigures()
    urgent = CategoryFigures()
    main_solution = CategoryFigures()
    breakthrough_model = CategoryFigures()


class InspectionFigures(serializers.Serializer):
    count = Int(help_text=_("inspections begun in the year"))
    organizations_inspected = Int()
    findings = Int()
    remediations = Int()
    remediated = Int(help_text=_("remediation items done by the period's end"))
    overdue = Int(help_text=_("remediation items past their deadline and not done"))


class ModelTypeFigures(serializers.Serializer):
    registered = Int()
    recognized = Int()


class ModelFigures(serializers.Serializer):
    registered = Int(help_text=_("models and exemplars registered in the period"))
    recognized = Int(help_text=_("recognized in the period"))
    by_type = serializers.DictField(
        child=ModelTypeFigures(), help_text=_("keyed by the type's code (dan_van_kheo, ...)")
    )
    collectives = Int(help_text=_("of those registered, held by a collective"))
    individuals = Int(help_text=_("of those registered, held by a person"))


class AwardFigures(serializers.Serializer):
    total = Int(help_text=_("awards decided in the period"))
    collectives = Int()
    individuals = Int()
    by_form = serializers.DictField(child=Int(), help_text=_("keyed by the form's code"))
    by_issuer_level = serializers.DictField(child=Int(), help_text=_("district, province, central"))


class ActivityFigures(serializers.Serializer):
    count = Int(help_text=_("community activities held in the period"))
    cadre_turns = Int()
    resident_turns = Int()
    outputs = serializers.DictField(
        child=serializers.FloatField(),
        help_text=_(
            "quantity per unit code (road_repaired_km, terrace_ha, ...); never added across units"
        ),
    )


class DialogueFigures(serializers.Serializer):
    count = Int()
    participants = Int()


class PetitionFigures(serializers.Serializer):
    received = Int(help_text=_("received in the period"))
    resolved = Int(help_text=_("resolved in the period"))
    overdue = Int(help_text=_("past the deadline and not closed on the report's day"))


class IndicatorFigures(serializers.Serializer):
    targets = Int(help_text=_("socio-economic targets of the year"))
    achieved = Int(help_text=_("actual meets the target in its direction"))
    communes = Int(help_text=_("communes with new-rural criteria recorded for the year"))
    criteria_met_avg = Pct(allow_null=True, help_text=_("criteria met per commune, on average"))


class IndicatorTotal(IndicatorFigures):
    criteria = Int(help_text=_("national new-rural criteria in the list (19)"))


class CommunityFigures(serializers.Serializer):
    models = ModelFigures()
    awards = AwardFigures()
    activities = ActivityFigures()
    dialogues = DialogueFigures()
    petitions = PetitionFigures()
    indicators = IndicatorFigures()


class OrganizationRef(serializers.Serializer):
    id = Int()
    name = serializers.CharField()
    kind = serializers.CharField()


class ChildOrganization(OrganizationRef):
    own = serializers.BooleanField(
        help_text=_("the report's organization itself (its own members and rating)")
    )
    all_zero = serializers.BooleanField(
        required=False,
        help_text=_(
            "on the organization's own row: every figure is zero but the organization's own "
            "rating not yet decided (the page leaves the row out)"
        ),
    )


class Period(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["year", "quarter", "years", "dates"],
        help_text=_("a year, a quarter, a range of whole years, or any days"),
    )
    label = serializers.CharField(help_text=_("as in the document: năm 2026, quý III năm 2026"))
    years = serializers.ListField(
        child=Int(), help_text=_("the years whose yearly records count (those the period touches)")
    )
    start = serializers.DateField()
    end = serializers.DateField()
    members_on = serializers.DateField(
        help_text=_("the day people are counted on: the period's end, or today before it")
    )


class ChildRow(CommunityFigures):
    organization = ChildOrganization()
    commitments = CommitmentFigures()
    ratings = RatingFigures()
    study = StudyFigures()
    meetings = MeetingFigures()
    plans = PlanFigures()
    tasks = TaskFigures(help_text=_("per category; a task of a term counts in each of its years"))
    inspections = InspectionFigures()


class Directive05Report(CommunityFigures):
    indicators = IndicatorTotal()
    organization = OrganizationRef()
    year = Int(help_text=_("the year the period ends in"))
    tree = serializers.ChoiceField(
        choices=["as_was", "today"],
        help_text=_(
            "as_was: the tree as it stood on the report's day; today: regrouped by today's"
        ),
    )
    period = Period()
    generated_at = serializers.DateTimeField()
    commitments = CommitmentFigures()
    ratings = RatingFigures()
    study = StudyTotal()
    meetings = MeetingFigures()
    plans = PlanFigures()
    tasks = TaskFigures(help_text=_("per category; a task of a term counts in each of its years"))
    inspections = InspectionFigures()
    children = ChildRow(many=True, help_text=_("one row per child organization; they add up"))
