from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The report as a document: the drafted narrative, Word and PDF from one content, and the
    reports as filed. A face of the layers (docs/architecture.md): it reads the report engine."""

    name = "ct05.documents"
    label = "documents"
