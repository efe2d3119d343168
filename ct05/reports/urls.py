from django.urls import path

from . import views

urlpatterns = [
    path("directive05/", views.directive05, name="report-directive05"),
    path("directive05.xlsx", views.directive05_xlsx, name="report-directive05-xlsx"),
]
