"""Checks on uploaded files (reflection essays, minutes): size, extension and real content.

The extension alone proves nothing, so the first bytes must match the kind it claims.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

_SIGNATURES = {
    "pdf": [b"%PDF"],
    "docx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
}


def validate_upload(upload) -> None:
    if upload is None:
        return
    limit = settings.CT05_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {
                "size": number_format(upload.size / 1048576, 1),
                "limit": number_format(limit / 1048576, 1),
            }
        )
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    allowed = settings.CT05_UPLOAD_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Files of this kind are not accepted; send one of: %(kinds)s.")
            % {"kinds": ", ".join(allowed)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in _SIGNATURES.get(extension, [b""])):
        raise ValidationError(
            _("The file's content is not a real .%(ext)s file.") % {"ext": extension}
        )


def _random_name(folder: str, filename: str) -> str:
    """Store under a random name: the original name can hold anything."""
    return f"{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def reflection_upload_to(instance, filename: str) -> str:
    return _random_name("reflections", filename)


def minutes_upload_to(instance, filename: str) -> str:
    return _random_name("minutes", filename)


class UploadField(forms.FileField):
    """A form's file, checked as the services check it (size, kind, content), so that a bad
    file is shown on its own field."""

    def validate(self, value):
        super().validate(value)
        validate_upload(value or None)
