from django.urls import path

from . import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("pick/", views.person_pick, name="person-pick"),
]
