from django.urls import path

from . import views

urlpatterns = [
    path("privacy/inzages/", views.ToegangOverzichtView.as_view(), name="toegang-overzicht"),
]
