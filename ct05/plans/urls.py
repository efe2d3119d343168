from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("new/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/issues/<int:issue>/", views.issue_edit, name="plan-issue-edit"),
    path("ethics-codes/", views.ethics_code_list, name="ethics-code-list"),
    path("ethics-codes/new/", views.ethics_code_create, name="ethics-code-create"),
    path("ethics-codes/<int:pk>/", views.ethics_code_detail, name="ethics-code-detail"),
    path("ethics-codes/<int:pk>/edit/", views.ethics_code_edit, name="ethics-code-edit"),
]
