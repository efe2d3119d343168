"""Checks on uploaded files (reflection essays, minutes): size, extension and real content.

The extension alone proves nothing, so the first bytes must match the kind it claims, and a
file another program will unpack or parse is opened here first: a .docx/.xlsx/.odt must be a
sound zip of its kind's parts that does not unpack to more than
``CT05_UPLOAD_MAX_UNPACKED_BYTES`` (a zip bomb), a PDF must open with pypdf and have a page.
Legacy .doc files must start with the OLE signature.
"""

from __future__ import annotations

import logging
import uuid
import zipfile
from pathlib import PurePath, PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from pypdf import PdfReader

_SIGNATURES = {
    "pdf": [b"%PDF"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    # Word 97-2003 and Excel 97-2003 are OLE compound files.
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
}
# The parts an Office Open XML / OpenDocument file of each kind cannot lack.
_ZIP_PARTS = {
    "docx": ["[Content_Types].xml", "word/document.xml"],
    "xlsx": ["[Content_Types].xml", "xl/workbook.xml"],
    "odt": ["mimetype", "content.xml"],
}
_ODF_MIMETYPES = {"odt": b"application/vnd.oasis.opendocument.text"}
# A document's XML compresses about ten to one; a bomb, a thousand to one.
_MAX_RATIO = 100
_RATIO_FROM_BYTES = 1024 * 1024
_MAX_ENTRIES = 1000

logger = logging.getLogger(__name__)


def _mb(size: int) -> str:
    """Megabytes as a Vietnamese reads them: "10 MB", "10,5 MB"."""
    return number_format(size / 1048576, 0 if size % 1048576 == 0 else 1)


def upload_help_text() -> str:
    """What a form's file field says: the kinds accepted and the limit."""
    return _("Files %(kinds)s, at most %(limit)s MB.") % {
        "kinds": ", ".join(f".{ext}" for ext in settings.CT05_UPLOAD_EXTENSIONS),
        "limit": _mb(settings.CT05_UPLOAD_MAX_BYTES),
    }


upload_help_text_lazy = lazy(upload_help_text, str)


def validate_upload(
    upload,
    *,
    extensions: list[str] | None = None,
    max_bytes: int | None = None,
    max_unpacked_bytes: int | None = None,
) -> None:
    """Refuse a file that is too large, of a kind not accepted, or not what its name says.

    Zip-based documents (.docx, .xlsx, .odt) must hold their kind's parts, unpack to at most
    ``CT05_UPLOAD_MAX_UNPACKED_BYTES`` with sane compression and names; a PDF must open with
    pypdf and have a page. An importer names its own ``extensions`` and limits. Raises ``ValidationError`` with a message naming the problem.
    """
    if upload is None:
        return
    limit = max_bytes or settings.CT05_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": _mb(upload.size), "limit": _mb(limit)}
        )
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    allowed = extensions or settings.CT05_UPLOAD_EXTENSIONS
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
    try:
        if extension in _ZIP_PARTS:
            _check_zip(upload, extension, max_unpacked_bytes)
        elif extension == "pdf":
            _check_pdf(upload)
    finally:
        upload.seek(0)


def _check_zip(upload, extension: str, max_unpacked_bytes: int | None = None) -> None:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("The file is damaged: it cannot be unpacked as a .%(ext)s file.") % {"ext": extension}
        ) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > _MAX_ENTRIES:
            raise ValidationError(
                _("The file holds too many parts (%(count)s; at most %(limit)s).")
                % {"count": len(entries), "limit": _MAX_ENTRIES}
            )
        unpacked_limit = max_unpacked_bytes or settings.CT05_UPLOAD_MAX_UNPACKED_BYTES
        if sum(entry.file_size for entry in entries) > unpacked_limit:
            raise ValidationError(
                _("The file unpacks to more than %(limit)s MB; it is refused.")
                % {"limit": _mb(unpacked_limit)}
            )
        names = set()
        for entry in entries:
            path = PurePosixPath(entry.filename.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or ":" in entry.filename:
                raise ValidationError(
                    _("The file holds a part with a forbidden name (%(name)s).")
                    % {"name": entry.filename[:100]}
                )
            if entry.file_size > _RATIO_FROM_BYTES and entry.file_size > _MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise ValidationError(
                    _(
                        "The file is compressed far more than a document can be (a zip bomb?); "
                        "it is refused."
                    )
                )
            names.add(entry.filename)
        missing = [part for part in _ZIP_PARTS[extension] if part not in names]
        if missing:
            raise ValidationError(
                _("The file is not a real .%(ext)s file: it lacks %(part)s.")
                % {"ext": extension, "part": missing[0]}
            )
        expected_mimetype = _ODF_MIMETYPES.get(extension)
        if expected_mimetype and archive.read("mimetype").strip() != expected_mimetype:
            raise ValidationError(
                _("The file's content is not a real .%(ext)s file.") % {"ext": extension}
            )
        # Unpack every part (1 MB at a time, nothing kept): the sizes a zip declares can lie,
        # and a part that unpacks to more than declared fails its checksum.
        try:
            damaged = archive.testzip() is not None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            # NotImplementedError: zipfile's answer to a compression method it cannot unpack.
            damaged = True
        if damaged:
            raise ValidationError(
                _("The file is damaged: it cannot be unpacked as a .%(ext)s file.")
                % {"ext": extension}
            )


def _check_pdf(upload) -> None:
    unreadable = ValidationError(_("The file cannot be opened as a PDF document."))
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_("The PDF is protected by a password; send it unprotected."))
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        logger.info("refused an upload that pypdf cannot read: %r", error)
        raise unreadable from error
    if pages < 1:
        raise ValidationError(_("The PDF has no page."))


def _random_name(folder: str, filename: str) -> str:
    """Store under a random name: the original name can hold anything."""
    return f"{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def reflection_upload_to(instance, filename: str) -> str:
    return _random_name("reflections", filename)


def minutes_upload_to(instance, filename: str) -> str:
    return _random_name("minutes", filename)


class UploadField(forms.FileField):
    """A form's file, checked as the services check it (size, kind, content), so that a bad
    file is shown on its own field; its help text names the kinds and the limit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", upload_help_text_lazy())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        validate_upload(value or None)
