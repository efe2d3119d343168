from django.urls import path

from . import views

urlpatterns = [
    path("", views.organization_tree, name="organization-tree"),
    path("pick/", views.organization_pick, name="organization-pick"),
    path("villages/pick/", views.village_pick, name="village-pick"),
    path("<int:pk>/", views.organization_detail, name="organization-detail"),
]
