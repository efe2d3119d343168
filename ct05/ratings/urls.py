from django.urls import path

from . import views

urlpatterns = [
    path("", views.rating_list, name="rating-list"),
    path("self-assess/", views.rating_self_assess, name="rating-self-assess"),
    path("<int:pk>/", views.rating_detail, name="rating-detail"),
    path("<int:pk>/propose/", views.rating_propose, name="rating-propose"),
    path("<int:pk>/decide/", views.rating_decide, name="rating-decide"),
    path("<int:pk>/reopen/", views.rating_reopen, name="rating-reopen"),
]
