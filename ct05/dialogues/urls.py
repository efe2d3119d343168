from django.urls import path

from . import views

urlpatterns = [
    path("", views.dialogue_list, name="dialogue-list"),
    path("new/", views.dialogue_create, name="dialogue-create"),
    path("<int:pk>/", views.dialogue_detail, name="dialogue-detail"),
    path("<int:pk>/edit/", views.dialogue_edit, name="dialogue-edit"),
    path("petitions/", views.petition_list, name="petition-list"),
    path("petitions/new/", views.petition_create, name="petition-create"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition-detail"),
    path("petitions/<int:pk>/answer/", views.petition_answer, name="petition-answer"),
]
