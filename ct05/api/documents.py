"""The report's files through the API: ``format=json|xlsx|docx|pdf`` (or the ``Accept`` header)
on ``/api/reports/directive05/``, and ``/api/reports/filed/``: the filed reports under the scope
rule, each as JSON (figures and content as filed) or as its Word or PDF file."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from ct05.documents.content import Period
from ct05.documents.models import FiledReport
from ct05.documents.renderers import CONTENT_TYPES, document_file
from ct05.reports.renderers import file_name, render_xlsx

from .base import HistoryMixin, ScopedViewSetMixin, SubtreeFilter, YearFilter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileRenderer(BaseRenderer):
    """A file the view made already (bytes); an error answered in its place goes out as JSON."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class XlsxRenderer(FileRenderer):
    media_type, format = XLSX, "xlsx"


class DocxRenderer(FileRenderer):
    media_type, format = CONTENT_TYPES["docx"], "docx"


class PdfRenderer(FileRenderer):
    media_type, format = CONTENT_TYPES["pdf"], "pdf"


RENDERER_CLASSES = [JSONRenderer, BrowsableAPIRenderer, XlsxRenderer, DocxRenderer, PdfRenderer]
FILE_FORMATS = ("xlsx", "docx", "pdf")


def file_response(content: bytes, name: str) -> Response:
    response = Response(content)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_file(request, report: dict, document: dict | None, period: Period) -> Response:
    """The report as the negotiated file: the workbook, or the drafted document."""
    extension = request.accepted_renderer.format
    if extension == "xlsx":
        name = file_name(report["organization"]["name"], period.slug, "xlsx")
        return file_response(render_xlsx(report), name)
    content, _type, name = document_file(document, extension, period=period)
    return file_response(content, name)


class FiledReportSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = FiledReport
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "period_start",
            "period_end",
            "period_label",
            "number",
            "issued_on",
            "signer_name",
            "author",
            "author_name",
            "created_at",
            "figures",
            "content",
        ]
        read_only_fields = fields


class FiledReportFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(method="filter_year")

    class Meta:
        model = FiledReport
        fields = ["organization", "kind", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(period_start__year__lte=value, period_end__year__gte=value)


class FiledReportViewSet(
    HistoryMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reports as filed, read only: ``?organization=`` (subtree), ``?year=``, ``?kind=``; one
    of them with ``?format=docx`` or ``pdf`` is its file, rendered from the content as filed."""

    queryset = FiledReport.objects.all()
    serializer_class = FiledReportSerializer
    filterset_class = FiledReportFilter
    select_related = ("organization",)
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, DocxRenderer, PdfRenderer]

    @extend_schema(responses={(200, "application/json"): FiledReportSerializer})
    def retrieve(self, request, *args, **kwargs):
        filed = self.get_object()
        extension = request.accepted_renderer.format
        if extension in ("docx", "pdf"):
            content, _type, name = document_file(filed.content, extension, period=filed.period)
            return file_response(content, name)
        return Response(self.get_serializer(filed).data)
