from django.urls import path

from . import views

urlpatterns = [
    path("directive05/", views.draft_page, name="document-draft"),
    path("directive05.<str:extension>", views.draft_file, name="document-draft-file"),
    path("filed/", views.filed_list, name="filed-report-list"),
    path("filed/<int:pk>/", views.filed_detail, name="filed-report-detail"),
    path("filed/<int:pk>.<str:extension>", views.filed_file, name="filed-report-file"),
]
