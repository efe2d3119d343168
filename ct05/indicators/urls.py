from django.urls import path

from . import views

urlpatterns = [
    path("", views.target_list, name="target-list"),
    path("new/", views.target_create, name="target-create"),
    path("<int:pk>/", views.target_detail, name="target-detail"),
    path("<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("rural-criteria/", views.rural_list, name="rural-criteria-list"),
    path("rural-criteria/new/", views.rural_create, name="rural-criteria-create"),
    path("rural-criteria/<int:pk>/", views.rural_detail, name="rural-criteria-detail"),
    path("rural-criteria/<int:pk>/edit/", views.rural_create, name="rural-criteria-edit"),
]
