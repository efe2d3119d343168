from django.urls import path

from . import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("healthz", health.healthz, name="healthz"),
]
