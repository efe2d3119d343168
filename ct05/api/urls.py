from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import community, documents, plans_tasks, reorganizations, study_meetings, views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("ratings", views.RatingViewSet, basename="rating")
router.register("topics", study_meetings.TopicViewSet, basename="topic")
router.register("study-sessions", study_meetings.StudySessionViewSet, basename="study-session")
router.register("reflections", study_meetings.ReflectionViewSet, basename="reflection")
router.register("meetings", study_meetings.MeetingViewSet, basename="meeting")
router.register("models", community.ExemplarViewSet, basename="model")
router.register("awards", community.AwardViewSet, basename="award")
router.register("activities", community.ActivityViewSet, basename="activity")
router.register("dialogues", community.DialogueViewSet, basename="dialogue")
router.register("petitions", community.PetitionViewSet, basename="petition")
router.register("indicators", community.TargetViewSet, basename="indicator")
router.register("rural-criteria", community.RuralCriteriaViewSet, basename="rural-criteria")
router.register("reports/filed", documents.FiledReportViewSet, basename="filed-report")
router.register("notifications", study_meetings.NotificationViewSet, basename="notification")
router.register("plans", plans_tasks.CollectivePlanViewSet, basename="plan")
router.register("ethics-codes", plans_tasks.EthicsCodeViewSet, basename="ethics-code")
router.register("terms", plans_tasks.TermViewSet, basename="term")
router.register("tasks", plans_tasks.TaskViewSet, basename="task")
router.register("task-assessments", plans_tasks.TaskAssessmentViewSet, basename="task-assessment")
router.register("inspections", plans_tasks.InspectionViewSet, basename="inspection")
router.register("reorganizations", reorganizations.ReorganizationViewSet, basename="reorganization")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path(
        "reports/directive05/", views.Directive05ReportView.as_view(), name="api-report-directive05"
    ),
    path(
        "reports/directive05/years/",
        views.Directive05YearsView.as_view(),
        name="api-report-directive05-years",
    ),
    path("", include(router.urls)),
]
