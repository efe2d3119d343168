from django.urls import path

from . import views

urlpatterns = [
    path("", views.commitment_list, name="commitment-list"),
    path("mine/", views.my_commitment, name="my-commitment"),
    path("new/", views.commitment_create, name="commitment-create"),
    path("deed-row/", views.deed_row, name="commitment-deed-row"),
    path("<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path(
        "<int:pk>/self-evaluate/", views.commitment_self_evaluate, name="commitment-self-evaluate"
    ),
    path("<int:pk>/review/", views.commitment_review, name="commitment-review"),
    path("<int:pk>/evaluate/", views.commitment_evaluate, name="commitment-evaluate"),
    path("<int:pk>/progress/", views.commitment_progress, name="commitment-progress"),
]
