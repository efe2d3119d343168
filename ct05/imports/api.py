"""The API of Excel in and out (``/api/imports/``, ``/api/exports/``)."""

from __future__ import annotations

import zipfile

from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .exporting import export_workbook, filename, kind_named, organization_to_export
from .models import ImportJob
from .services import start_import
from .writing import marked_workbook, workbook_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def marked_response(job: ImportJob) -> HttpResponse:
    """The uploaded workbook with its problems marked; 404 once the file is gone or when it
    cannot be opened as a workbook (its one problem then says so)."""
    try:
        content = marked_workbook(job.file.path, job.errors)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise Http404 from error
    return xlsx_response(content, f"loi-{job.filename}")


def job_for(user, job_id) -> ImportJob:
    """The user's own import (an administrator's: anyone's); another's is 404."""
    jobs = ImportJob.objects.all() if user.is_superuser else ImportJob.objects.filter(user=user)
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


class TemplateView(APIView):
    @extend_schema(responses={(200, XLSX): bytes}, summary="An empty workbook of a kind")
    def get(self, request, kind: str):
        kind = kind_named(kind)
        return xlsx_response(workbook_for(kind), filename(kind))


class ExportView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("organization", int, required=True)],
        responses={(200, XLSX): bytes},
        summary="A subtree in the import's format",
    )
    def get(self, request, kind: str):
        kind = kind_named(kind)
        organization = organization_to_export(
            request.user, request.query_params.get("organization")
        )
        return xlsx_response(
            export_workbook(kind, organization, request.user), filename(kind, organization)
        )


JOB = inline_serializer(
    "ImportJob",
    {
        "id": serializers.UUIDField(),
        "status": serializers.ChoiceField(["queued", "running", "done", "failed"]),
        "dry_run": serializers.BooleanField(),
        "kinds": serializers.ListField(child=serializers.CharField()),
        "progress": serializers.DictField(child=serializers.IntegerField()),
        "errors": serializers.ListField(child=serializers.DictField()),
    },
)


class ImportListView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=inline_serializer(
            "ImportUpload",
            {"file": serializers.FileField(), "dry_run": serializers.BooleanField(required=False)},
        ),
        responses={
            202: inline_serializer(
                "ImportStarted", {"id": serializers.UUIDField(), "url": serializers.URLField()}
            )
        },
        summary="Start an import (checked, then written whole, in the background)",
    )
    def post(self, request):
        dry_run = serializers.BooleanField(required=False).to_internal_value(
            request.data.get("dry_run") or False
        )
        job = start_import(user=request.user, upload=request.FILES.get("file"), dry_run=dry_run)
        url = request.build_absolute_uri(reverse("api-import", args=[job.pk]))
        return Response({"id": str(job.pk), "url": url}, status=status.HTTP_202_ACCEPTED)


class ImportDetailView(APIView):
    @extend_schema(responses=JOB, summary="An import's status, progress and problems")
    def get(self, request, pk):
        return Response(job_for(request.user, pk).as_dict())


class MarkedView(APIView):
    @extend_schema(responses={(200, XLSX): bytes}, summary="The uploaded workbook, problems marked")
    def get(self, request, pk):
        return marked_response(job_for(request.user, pk))
