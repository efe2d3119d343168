"""Evidence attached to a record (a model's photos, an activity's minutes): checked files, and a
small thumbnail for each photo.

A file is checked by :func:`ct05.core.uploads.validate_upload` (size, kind, real content); a
photo must also open with Pillow within a pixel budget (a "decompression bomb" is refused), and
is stored with a JPEG thumbnail of at most ``THUMBNAIL_SIZE`` pixels a side, so a list of a
village's photos loads in kilobytes on a phone. Files are never linked under /media/: the pages
serve them to those who may read the record.
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import NOTE_LENGTH, LimitedTextField, TimeStamped
from .uploads import validate_upload

PHOTO_EXTENSIONS = {"jpg", "jpeg", "png"}
THUMBNAIL_SIZE = (320, 320)
# A phone's photo is 12-50 megapixels; anything far beyond is a bomb, not a photo.
MAX_PIXELS = 80_000_000


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def is_photo(name: str) -> bool:
    return _extension(name) in PHOTO_EXTENSIONS


def validate_evidence(upload) -> None:
    """Refuse a file as :func:`validate_upload` does, and a photo Pillow cannot read whole."""
    validate_upload(upload)
    if not is_photo(upload.name):
        return
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo is too large (%(w)s × %(h)s pixels); send a smaller one.")
                    % {"w": width, "h": height}
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The photo is damaged: it cannot be opened.")) from None
    finally:
        upload.seek(0)


def thumbnail_of(upload) -> ContentFile | None:
    """A JPEG thumbnail of a photo (turned as the camera meant it); None for other files."""
    if not is_photo(upload.name):
        return None
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = BytesIO()
            image.save(out, "JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def evidence_upload_to(instance, filename: str) -> str:
    return f"evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def thumbnail_upload_to(instance, filename: str) -> str:
    return f"evidence/thumbs/{uuid.uuid4().hex}.jpg"


class Evidence(TimeStamped):
    """A file (photo, minutes, decision) attached to a record; the concrete model names the
    record with a foreign key and its ``scope_organization_field``."""

    file = models.FileField(gettext_lazy("file"), upload_to=evidence_upload_to)
    thumbnail = models.FileField(
        gettext_lazy("thumbnail"), upload_to=thumbnail_upload_to, blank=True
    )
    caption = LimitedTextField(gettext_lazy("caption"), max_length=NOTE_LENGTH, blank=True)
    original_name = models.CharField(gettext_lazy("file name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def photo(self) -> bool:
        return bool(self.thumbnail)

    @property
    def suffix(self) -> str:
        return PurePath(self.file.name or "").suffix.lower()

    def attach(self, upload) -> None:
        """Check ``upload`` and set it (and its thumbnail) on this row, not yet saved."""
        validate_evidence(upload)
        self.original_name = PurePath(upload.name).name[:200]
        self.file = upload
        thumb = thumbnail_of(upload)
        if thumb is not None:
            self.thumbnail = thumb
