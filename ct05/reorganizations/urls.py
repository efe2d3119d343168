from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/reorganize/", views.reorganize, name="organization-reorganize"),
    path("<int:pk>/reorganize/split/", views.split, name="organization-split"),
]
