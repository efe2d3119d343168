from django.urls import path

from . import views

urlpatterns = [
    path("", views.task_list, name="task-list"),
    path("new/", views.task_create, name="task-create"),
    path("<int:pk>/", views.task_detail, name="task-detail"),
    path("<int:pk>/assess/", views.task_assess, name="task-assess"),
    path("<int:pk>/edit/", views.task_edit, name="task-edit"),
    path(
        "<int:pk>/assessments/<int:assessment>/edit/",
        views.assessment_edit,
        name="task-assessment-edit",
    ),
]
