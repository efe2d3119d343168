from django.urls import path

from . import views

urlpatterns = [
    path("", views.exemplar_list, name="exemplar-list"),
    path("new/", views.exemplar_create, name="exemplar-create"),
    path("<int:pk>/", views.exemplar_detail, name="exemplar-detail"),
    path("<int:pk>/edit/", views.exemplar_edit, name="exemplar-edit"),
    path("<int:pk>/status/", views.exemplar_status, name="exemplar-status"),
    path("<int:pk>/evidence/", views.exemplar_evidence, name="exemplar-evidence"),
    path("awards/", views.award_list, name="award-list"),
    path("awards/new/", views.award_create, name="award-create"),
    path("awards/register/", views.award_register, name="award-register"),
    path("awards/<int:pk>/", views.award_detail, name="award-detail"),
    path("awards/<int:pk>/edit/", views.award_edit, name="award-edit"),
]
