from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("ratings", views.RatingViewSet, basename="rating")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path(
        "reports/directive05/", views.Directive05ReportView.as_view(), name="api-report-directive05"
    ),
    path("", include(router.urls)),
]
