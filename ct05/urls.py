from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (language via cookie/header)
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

handler400 = "ct05.core.views.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include("ct05.imports.urls_api")),
    path("api/", include("ct05.api.urls")),
    path("imports/", include("ct05.imports.urls")),
    path("organizations/", include("ct05.organizations.urls")),
    path("organizations/", include("ct05.reorganizations.urls")),
    path("people/", include("ct05.people.urls")),
    path("commitments/", include("ct05.commitments.urls")),
    path("ratings/", include("ct05.ratings.urls")),
    path("reports/", include("ct05.reports.urls")),
    path("documents/", include("ct05.documents.urls")),
    path("study/", include("ct05.study.urls")),
    path("meetings/", include("ct05.meetings.urls")),
    path("plans/", include("ct05.plans.urls")),
    path("tasks/", include("ct05.tasks.urls")),
    path("inspections/", include("ct05.inspections.urls")),
    path("notifications/", include("ct05.notifications.urls")),
    path("activities/", include("ct05.activities.urls")),
    path("models/", include("ct05.recognition.urls")),
    path("dialogues/", include("ct05.dialogues.urls")),
    path("indicators/", include("ct05.indicators.urls")),
    path("", include("ct05.core.urls")),
    path("", include("ct05.home.urls")),
]
