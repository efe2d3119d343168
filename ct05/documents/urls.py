from django.urls import path

from . import views

urlpatterns = [
    path("directive05/", views.draft_page, name="document-draft"),
    path("directive05.docx", views.draft_file, {"extension": "docx"}, name="document-draft-docx"),
    path("directive05.pdf", views.draft_file, {"extension": "pdf"}, name="document-draft-pdf"),
    path("filed/", views.filed_list, name="filed-report-list"),
    path("filed/<int:pk>/", views.filed_detail, name="filed-report-detail"),
    path("filed/<int:pk>.docx", views.filed_file, {"extension": "docx"}, name="filed-report-docx"),
    path("filed/<int:pk>.pdf", views.filed_file, {"extension": "pdf"}, name="filed-report-pdf"),
]
