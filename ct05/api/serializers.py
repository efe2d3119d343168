from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ct05.commitments.models import Commitment, Deed, ProgressNote
from ct05.core.models import NOTE_LENGTH
from ct05.organizations.models import Organization
from ct05.people.models import EthnicGroup, Person, PersonKind
from ct05.ratings.models import MAX_TASKS, Level, Rating, RatingChange, RatingScheme

RATING_CONDITIONS = ["tasks_total", "tasks_done", "tasks_on_time", "tasks_exceeding", "disciplined"]


class CodeField(serializers.SlugRelatedField):
    """A reference record named by its code. A code with a NUL byte is an unknown code, not a
    500: PostgreSQL cannot compare text holding one."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class ScopeSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    is_superuser = serializers.BooleanField()
    scopes = ScopeSerializer(many=True)


class OrganizationSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id", "name", "kind", "kind_display", "code", "parent", "depth", "locality", "head",
            "valid_from", "valid_to", "min_deeds", "excellent_cap_pct", "cap_enforcement",
            "regular_meetings_norm", "thematic_meetings_norm",
        ]  # fmt: skip
        read_only_fields = ["kind", "depth", "valid_from", "valid_to"]

    def get_parent(self, obj) -> int | None:
        parents = self.context.get("parents")
        if parents is not None:
            return parents.get(obj.path[: -obj.steplen])
        parent = Organization.objects.get_parent(obj)
        return parent.pk if parent else None


def _iso(day):
    return day.isoformat() if day is not None else None


class PersonSerializer(serializers.ModelSerializer):
    kinds = CodeField(
        slug_field="code", many=True, queryset=PersonKind.objects.all(), required=False
    )
    ethnic_group = CodeField(
        slug_field="code", queryset=EthnicGroup.objects.all(), allow_null=True, required=False
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        write_only=True,
        help_text=_("the organization the person joins (on create)"),
    )
    valid_from = serializers.DateField(
        write_only=True,
        required=False,
        help_text=_(
            "the day the person joins the organization (on create) or moves to the new one "
            "(with organization, on update); default today"
        ),
    )
    current_organization = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id", "full_name", "gender", "birth_date", "ethnic_group", "position", "kinds",
            "party_admission_date", "email", "phone", "organization", "valid_from",
            "current_organization",
        ]  # fmt: skip

    def to_representation(self, instance):
        kinds = getattr(instance, "listed_kinds", None)
        if kinds is None:
            return super().to_representation(instance)
        # A row of a list (``PersonViewSet``): the same fields, written without the fields'
        # machinery (a page of 100 people spent a sixth of its time in it).
        ethnic_group = instance.ethnic_group
        return {
            "id": instance.pk,
            "full_name": instance.full_name,
            "gender": instance.gender,
            "birth_date": _iso(instance.birth_date),
            "ethnic_group": ethnic_group.code if ethnic_group is not None else None,
            "position": instance.position,
            "kinds": kinds,
            "party_admission_date": _iso(instance.party_admission_date),
            "email": instance.email,
            "phone": instance.phone,
            "current_organization": instance.listed_organization,
        }

    def get_current_organization(self, obj) -> int | None:
        memberships = getattr(obj, "current_memberships", None)
        if memberships is not None:
            return memberships[0].organization_id if memberships else None
        membership = obj.current_membership()
        return membership.organization_id if membership else None

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["organization"].required = False
        return fields

    def validate(self, attrs):
        joins = attrs.get("valid_from")
        if self.instance is None and joins and joins > timezone.localdate():
            # Lists and the scope follow today's memberships: one starting later would hide
            # the new person from everyone until then.
            raise serializers.ValidationError(
                {"valid_from": [_("A person joins on or before today.")]}
            )
        if self.instance is not None and "valid_from" in attrs and "organization" not in attrs:
            raise serializers.ValidationError(
                {"valid_from": [_("A date goes with the organization the person moves to.")]}
            )
        return attrs


class DeedSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = Deed
        fields = [
            "id",
            "title",
            "description",
            "order",
            "self_evaluation",
            "evaluation",
            "evaluated_at",
        ]
        read_only_fields = ["order", "self_evaluation", "evaluation", "evaluated_at"]


class CommitmentSerializer(serializers.ModelSerializer):
    deeds = DeedSerializer(many=True)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id", "person", "person_name", "year", "organization", "pledge", "status",
            "self_assessment", "review_note", "reviewed_at", "deeds", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["organization", "status", "review_note", "reviewed_at"]
        # The one-per-person-per-year rule answers in the service, with the person's name.
        validators: list = []


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_LENGTH
    )


class EvaluationItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    evaluation = serializers.ChoiceField(choices=["achieved", "partly", "not_achieved", ""])


class EvaluateSerializer(serializers.Serializer):
    deeds = EvaluationItemSerializer(many=True)


class ProgressNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressNote
        fields = ["id", "deed", "date", "text", "author", "created_at"]
        read_only_fields = ["author", "created_at"]


class RatingChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)
    # Who, as people know them (full name and position); ``by`` stays the username for clients.
    by_name = serializers.CharField(source="by.display_name", default=None)

    class Meta:
        model = RatingChange
        fields = ["at", "by", "by_name", "action", "status", "level", "score", "note"]


class RatingSerializer(serializers.ModelSerializer):
    scheme = CodeField(slug_field="code", read_only=True)
    changes = RatingChangeSerializer(many=True, read_only=True)
    subject_name = serializers.SerializerMethodField()
    allowed_level = serializers.SerializerMethodField(
        help_text=_("The highest level the score and the band conditions allow (scored schemes).")
    )
    held_back_by = serializers.SerializerMethodField(
        help_text=_("Why the score's band was not reached: the unmet conditions, per band.")
    )

    class Meta:
        model = Rating
        fields = [
            "id", "person", "subject_organization", "subject_name", "organization", "scheme",
            "period_kind", "year", "quarter", "status", "self_level", "proposed_level", "level",
            "scores", "score", "note", "proposed_at", "decided_at", "changes",
            "subject_kind", "criterion_scores", *RATING_CONDITIONS, "allowed_level",
            "held_back_by",
        ]  # fmt: skip

    def get_subject_name(self, obj) -> str:
        return str(obj.subject)

    def get_allowed_level(self, obj) -> str | None:
        check = obj.level_check()
        return check.allowed if check else None

    def get_held_back_by(self, obj) -> list[str]:
        check = obj.level_check()
        return check.reasons if check else []


class RatingConditionsMixin(serializers.Serializer):
    """Points per sub-criterion and the band conditions (Quy định 366 Art. 11); a condition left
    out keeps what was recorded, ``null`` clears it."""

    criterion_scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1), required=False
    )
    tasks_total = serializers.IntegerField(
        min_value=0, max_value=MAX_TASKS, allow_null=True, required=False
    )
    tasks_done = serializers.IntegerField(
        min_value=0, max_value=MAX_TASKS, allow_null=True, required=False
    )
    tasks_on_time = serializers.IntegerField(
        min_value=0, max_value=MAX_TASKS, allow_null=True, required=False
    )
    tasks_exceeding = serializers.IntegerField(
        min_value=0, max_value=MAX_TASKS, allow_null=True, required=False
    )
    disciplined = serializers.BooleanField(allow_null=True, required=False)

    @staticmethod
    def service_arguments(data: dict) -> dict:
        """``criterion_scores`` and ``conditions`` as the rating services take them."""
        result = {}
        conditions = {k: data.pop(k) for k in RATING_CONDITIONS if k in data}
        if conditions:
            result["conditions"] = conditions
        if "criterion_scores" in data:
            criteria = data.pop("criterion_scores")
            result["criterion_scores"] = {k: str(v) for k, v in criteria.items()}
        return result


class SelfAssessSerializer(RatingConditionsMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    subject_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False
    )
    scheme = CodeField(
        slug_field="code",
        queryset=RatingScheme.objects.all(),
        required=False,
    )
    period_kind = serializers.ChoiceField(choices=["term", "year", "quarter"], default="year")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(default=0)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1), required=False
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_LENGTH
    )


class RatingStepSerializer(RatingConditionsMixin, serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1), required=False
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_LENGTH
    )
