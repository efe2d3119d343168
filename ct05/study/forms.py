"""Forms of the study pages: the year's topic, a session, and one attendee's reflection essay.
The attendance list is the one meetings use (:mod:`ct05.meetings.forms`)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, limited_text
from ct05.core.roles import Action
from ct05.core.scope import user_scopes
from ct05.core.uploads import UploadField
from ct05.meetings.forms import date_field
from ct05.organizations.forms import (
    OrganizationChoiceField,
    ScopedFilterForm,
    organization_options,
)
from ct05.organizations.models import Organization, ancestor_paths

from .models import Grade, Reflection, SessionKind, Topic


class TopicFilterForm(ScopedFilterForm):
    organization = OrganizationChoiceField(empty_label=None)
    year = YearField()
    field_order = ["organization", "year"]


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=400)
    description = limited_text(
        Topic._meta.get_field("description"), label=_("Description"), required=False
    )


class SessionFilterForm(ScopedFilterForm):
    year = YearField()
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *SessionKind.choices]
    )
    field_order = ["organization", "year", "kind"]


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.year}: {obj.title} ({obj.organization.name})"


def topics_for_user(user):
    """Topics a session of the user's organizations may follow: those set on them, and those set
    above them (inherited)."""
    above = {p for s in user_scopes(user) for p in ancestor_paths(s.path)}
    return (
        Topic.objects.filter(
            Q(organization__path__in=above)
            | Q(organization__in=Organization.objects.visible_to(user, Action.CHANGE))
        )
        .select_related("organization")
        .order_by("-year", "organization__path")
    )


class SessionForm(forms.Form):
    organization = OrganizationChoiceField(label=_("Organizing organization"), empty_label=None)
    date = date_field(help_text=_("Day/month/year, not in the future."))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SessionKind.choices,
        initial=SessionKind.STUDY,
        widget=forms.RadioSelect,
    )
    topic = TopicChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("No topic"),
        help_text=_("The topic in force for the organization is chosen for you."),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    location = forms.CharField(label=_("Location"), required=False, max_length=200)

    def __init__(self, *args, user, selected=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, Action.CHANGE)
        field.set_options(
            organization_options(user, selected=selected, action=Action.CHANGE),
            action=Action.CHANGE,
            data=self.data if self.is_bound else None,
        )
        self.fields["topic"].queryset = topics_for_user(user)

    def clean(self):
        data = super().clean()
        organization, topic = data.get("organization"), data.get("topic")
        if organization and topic and topic.organization.path not in organization.ancestor_paths():
            self.add_error(
                "topic", _("This topic is not set for the organization or a committee above it.")
            )
        return data


class ReflectionForm(forms.Form):
    received = forms.BooleanField(label=_("Received"), required=False, initial=True)
    received_at = date_field(label=_("Received on"), required=False)
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("Not graded")), *Grade.choices]
    )
    text = limited_text(
        Reflection._meta.get_field("text"), label=_("Text of the essay"), required=False
    )
    file = UploadField(
        label=_("File"),
        required=False,
    )
