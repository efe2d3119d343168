from django.urls import path

from . import views

urlpatterns = [
    path("", views.session_list, name="study-session-list"),
    path("topic/", views.topic_page, name="study-topic"),
    path("new/", views.session_create, name="study-session-create"),
    path("attendance/", views.session_attendance_rows, name="study-attendance"),
    path("<int:pk>/", views.session_detail, name="study-session-detail"),
    path("<int:pk>/attendance/", views.session_attendance, name="study-session-attendance"),
    path("<int:pk>/reflections/", views.reflection_record, name="study-reflection"),
    path("reflections/<int:pk>/file/", views.reflection_file, name="study-reflection-file"),
]
