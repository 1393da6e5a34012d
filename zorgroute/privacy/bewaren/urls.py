from django.urls import path

from . import views

urlpatterns = [
    path("privacy/bewaren/", views.BewarenView.as_view(), name="bewaren"),
    path(
        "privacy/bewaren/termijnen/",
        views.BewaartermijnenView.as_view(),
        name="bewaren-termijnen",
    ),
    path("privacy/bewaren/proefrun/", views.ProefrunView.as_view(), name="bewaren-proefrun"),
    path("privacy/bewaren/blokkades/", views.BlokkadesView.as_view(), name="bewaren-blokkades"),
    path(
        "privacy/bewaren/blokkades/opheffen/",
        views.BlokkadeOpheffenView.as_view(),
        name="bewaarblokkade-opheffen",
    ),
]
