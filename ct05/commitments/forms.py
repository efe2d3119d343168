"""Forms of the commitment pages. Deed rows are repeated inputs (``deed_id``, ``deed_title``,
``deed_description``), so a row added by htmx or by the no-JavaScript "add a deed" button needs
no numbering."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, limited_text
from ct05.core.params import MAX_ID, parse_id
from ct05.organizations.forms import ScopedFilterForm

from .models import Commitment, CommitmentStatus, Evaluation, ProgressNote


def deeds_from_post(data) -> list[dict]:
    """The deed rows of a POST, in order, as the services take them."""
    ids = data.getlist("deed_id")
    titles = data.getlist("deed_title")
    descriptions = data.getlist("deed_description")
    rows = []
    for i, title in enumerate(titles):
        raw_id = ids[i].strip() if i < len(ids) else ""
        rows.append(
            {
                "id": parse_id(raw_id),
                "title": title.strip(),
                "description": descriptions[i].strip() if i < len(descriptions) else "",
            }
        )
    return rows


def deed_rows(deeds, minimum: int) -> list[dict]:
    """Rows for the form: the given deeds (rows or ``Deed`` objects), then empty ones up to
    ``minimum``."""
    rows = [
        d if isinstance(d, dict) else {"id": d.pk, "title": d.title, "description": d.description}
        for d in deeds
    ]
    rows += [empty_row() for _ in range(minimum - len(rows))]
    return rows


def empty_row() -> dict:
    return {"id": None, "title": "", "description": ""}


class PledgeForm(forms.Form):
    pledge = limited_text(
        Commitment._meta.get_field("pledge"),
        label=_("Commitment text"),
        required=False,
        rows=4,
        help_text=_("What you commit to in studying and following Uncle Ho's example this year."),
    )


class SelfAssessmentForm(forms.Form):
    self_assessment = limited_text(
        Commitment._meta.get_field("self_assessment"),
        label=_("Comments on the year's deeds"),
        required=False,
    )


class ReviewForm(forms.Form):
    note = limited_text(
        Commitment._meta.get_field("review_note"),
        label=_("Note to the member"),
        required=False,
        rows=2,
        help_text=_("Required when returning the commitment: say what to change."),
    )


class ProgressNoteForm(forms.Form):
    deed = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    text = limited_text(ProgressNote._meta.get_field("text"), label=_("Progress"), rows=2)


def evaluations_from_post(data, deeds, prefix: str) -> dict[int, str]:
    """``{deed id: evaluation}`` from the selects named ``<prefix>-<deed id>``."""
    result = {}
    for deed in deeds:
        key = f"{prefix}-{deed.pk}"
        if key in data:
            result[deed.pk] = data[key]
    return result


EVALUATION_CHOICES = [("", _("Not evaluated")), *Evaluation.choices]


class CommitmentFilterForm(ScopedFilterForm):
    year = YearField()
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *CommitmentStatus.choices],
    )
    field_order = ["organization", "year", "status"]
