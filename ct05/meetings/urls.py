from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("norms/", views.meeting_norms, name="meeting-norms"),
    path("absences/", views.meeting_absences, name="meeting-absences"),
    path("attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/progress/", views.meeting_progress, name="meeting-progress"),
    path("<int:pk>/minutes/", views.meeting_minutes_file, name="meeting-minutes-file"),
]
