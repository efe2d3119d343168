"""API errors a person can act on.

Django's own ``ValidationError`` raised by a service (a rule across rows, a model constraint)
becomes a 400 with its messages, like DRF's; an ``IntegrityError`` that slipped past the
services becomes a 400 too, never a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ct05.core.versions import StaleVersion


def validation_detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in msgs]
            for field, msgs in error.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


def _no_data_in_words(detail):
    """DRF's "No data provided" (a body of JSON ``null``) is not marked for translation."""
    if isinstance(detail, dict):
        return {key: _no_data_in_words(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_no_data_in_words(value) for value in detail]
    if isinstance(detail, ErrorDetail) and detail.code == "null" and detail == "No data provided":
        return ErrorDetail(_("Nothing was sent: send the fields as JSON or as a form."), "null")
    return detail


def exception_handler(exc, context):
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": " ".join(str(m) for m in exc.messages)},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, Http404):
        # Django's message names the model in English; the user needs only "not found".
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_detail(exc))
    elif isinstance(exc, exceptions.ValidationError):
        exc.detail = _no_data_in_words(exc.detail)
    elif isinstance(exc, exceptions.Throttled) and exc.get_codes() == "throttled":
        # DRF formats the wait into its message before translating it: say it in words here.
        wait = exc.wait or 1
        exc.detail = ErrorDetail(
            ngettext(
                "Too many requests: try again in %(seconds)d second.",
                "Too many requests: try again in %(seconds)d seconds.",
                wait,
            )
            % {"seconds": wait},
            "throttled",
        )
    elif isinstance(exc, IntegrityError):
        return Response(
            {"non_field_errors": [_("This conflicts with a record that already exists.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
