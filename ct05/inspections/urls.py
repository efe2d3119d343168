from django.urls import path

from . import views

urlpatterns = [
    path("", views.inspection_list, name="inspection-list"),
    path("new/", views.inspection_create, name="inspection-create"),
    path("<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="inspection-edit"),
    path("<int:pk>/findings/", views.finding_add, name="inspection-finding-add"),
    path("<int:pk>/findings/<int:finding>/", views.finding_edit, name="inspection-finding-edit"),
    path("<int:pk>/remediations/", views.remediation_add, name="inspection-remediation-add"),
    path(
        "<int:pk>/remediations/<int:remediation>/",
        views.remediation_edit,
        name="inspection-remediation-edit",
    ),
]
