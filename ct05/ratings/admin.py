from django.contrib import admin

from .models import CriteriaGroup, RatingScheme, ScoreThreshold


class CriteriaGroupInline(admin.TabularInline):
    model = CriteriaGroup
    extra = 0


class ScoreThresholdInline(admin.TabularInline):
    model = ScoreThreshold
    extra = 0


@admin.register(RatingScheme)
class RatingSchemeAdmin(admin.ModelAdmin):
    """Thresholds and criteria groups are data: corrected here when guidance changes."""

    list_display = ["name", "code", "uses_score", "from_year"]
    inlines = [CriteriaGroupInline, ScoreThresholdInline]
