from django.contrib import admin

from .models import CriteriaGroup, Criterion, RatingScheme, ScoreThreshold


class CriteriaGroupInline(admin.TabularInline):
    model = CriteriaGroup
    extra = 0
    show_change_link = True  # its sub-criteria are edited on the group's page


class ScoreThresholdInline(admin.TabularInline):
    model = ScoreThreshold
    extra = 0


@admin.register(RatingScheme)
class RatingSchemeAdmin(admin.ModelAdmin):
    """Years, thresholds, band conditions and criteria groups are data: corrected here when
    guidance changes (docs/ratings.md)."""

    list_display = ["name", "code", "uses_score", "from_year", "to_year"]
    inlines = [CriteriaGroupInline, ScoreThresholdInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(CriteriaGroup)
class CriteriaGroupAdmin(admin.ModelAdmin):
    """A group's sub-criteria per kind of subject (the annexes, or a province's guidance)."""

    list_display = ["name", "scheme", "code", "max_points", "order"]
    list_filter = ["scheme"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "subject_kind", "max_points", "order"]
    list_filter = ["group__scheme", "group", "subject_kind"]
    search_fields = ["code", "name"]
