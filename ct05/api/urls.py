from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import reorganizations, study_meetings, views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("ratings", views.RatingViewSet, basename="rating")
router.register("topics", study_meetings.TopicViewSet, basename="topic")
router.register("study-sessions", study_meetings.StudySessionViewSet, basename="study-session")
router.register("reflections", study_meetings.ReflectionViewSet, basename="reflection")
router.register("meetings", study_meetings.MeetingViewSet, basename="meeting")
router.register("notifications", study_meetings.NotificationViewSet, basename="notification")
router.register("reorganizations", reorganizations.ReorganizationViewSet, basename="reorganization")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path(
        "reports/directive05/", views.Directive05ReportView.as_view(), name="api-report-directive05"
    ),
    path("", include(router.urls)),
]
