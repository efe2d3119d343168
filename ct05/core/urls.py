from django.contrib.auth import views as auth_views
from django.urls import path

from .views import history_page

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("history/<str:label>/<int:pk>/", history_page, name="history"),
]
