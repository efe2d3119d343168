"""Labels both languages know, for the drop-downs and for reading them back."""

from __future__ import annotations

from django.utils import translation


def labels(choices, language: str = "vi") -> dict[str, str]:
    """{code: label} of a ``TextChoices`` in ``language`` (the templates are Vietnamese)."""
    with translation.override(language):
        return {code: str(label) for code, label in choices.choices}


def both_languages(choices) -> dict[str, str]:
    """{label: code} in Vietnamese and English (and the codes themselves), for reading a cell
    back."""
    found = {code: code for code in choices.values}
    for language in ("en", "vi"):
        for code, label in labels(choices, language).items():
            found[label] = code
    return found
