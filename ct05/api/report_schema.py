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
    committed = Int(help_text=_("commitments of the year"))
    committed_pct = _pct(_("committed / people, in percent; null without people"))
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


class RatingFigures(serializers.Serializer):
    members = LevelFigures()
    organizations = LevelFigures(help_text=_("party organizations existing in the year"))


class StudyFigures(serializers.Serializer):
    sessions = Int()
    attendances = Int(help_text=_("people recorded present"))
    reflections = Int(help_text=_("essays received from people recorded present"))
    reflected_pct = _pct(_("reflections / attendances, in percent"))


class StudyTotal(StudyFigures):
    topic = serializers.CharField(allow_null=True, help_text=_("the year's topic in force"))


class MeetingFigures(serializers.Serializer):
    cells = Int()
    regular = Int()
    thematic = Int()
    with_directive05 = Int()
    cells_regular_norm = Int(help_text=_("cells that held the regular meetings due so far"))
    cells_thematic_norm = Int(help_text=_("cells that held the thematic meetings due so far"))
    regular_norm_pct = _pct(_("null for a year not begun"))
    thematic_norm_pct = _pct(_("null for a year not begun"))


class OrganizationRef(serializers.Serializer):
    id = Int()
    name = serializers.CharField()
    kind = serializers.CharField()


class ChildOrganization(OrganizationRef):
    own = serializers.BooleanField(
        help_text=_("the report's organization itself (its own members and rating)")
    )


class Period(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    members_on = serializers.DateField(
        help_text=_("the day people are counted on: the period's end, or today before it")
    )


class ChildRow(serializers.Serializer):
    organization = ChildOrganization()
    commitments = CommitmentFigures()
    ratings = RatingFigures()
    study = StudyFigures()
    meetings = MeetingFigures()


class Directive05Report(serializers.Serializer):
    organization = OrganizationRef()
    year = Int()
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
    children = ChildRow(many=True, help_text=_("one row per child organization; they add up"))
