from django.urls import path

from . import api

urlpatterns = [
    path("imports/", api.ImportListView.as_view(), name="api-imports"),
    path(
        "imports/templates/<slug:kind>.xlsx", api.TemplateView.as_view(), name="api-import-template"
    ),
    path("imports/<uuid:pk>/", api.ImportDetailView.as_view(), name="api-import"),
    path("imports/<uuid:pk>/marked.xlsx", api.MarkedView.as_view(), name="api-import-marked"),
    path("exports/<slug:kind>.xlsx", api.ExportView.as_view(), name="api-export"),
]
