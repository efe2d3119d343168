from django import forms

from .models import Organization


class OrganizationSettingsForm(forms.ModelForm):
    """The settings inherited down the tree; empty means "as the organization above says"."""

    class Meta:
        model = Organization
        fields = [
            "min_deeds",
            "excellent_cap_pct",
            "cap_enforcement",
            "regular_meetings_norm",
            "thematic_meetings_norm",
        ]
