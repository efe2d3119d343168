from django.urls import path

from . import views

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("new/", views.activity_create, name="activity-create"),
    path("<int:pk>/", views.activity_detail, name="activity-detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("<int:pk>/evidence/", views.activity_evidence, name="activity-evidence"),
    path("evidence/<str:register>/<int:pk>/<str:kind>/", views.evidence_file, name="evidence-file"),
]
