from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_page, name="import-page"),
    path("<uuid:pk>/", views.import_detail, name="import-detail"),
    path("<uuid:pk>/marked.xlsx", views.import_marked, name="import-marked"),
]
