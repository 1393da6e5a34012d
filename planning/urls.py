from django.urls import path

from . import views

urlpatterns = [
    path("jaarplanning/", views.JaarplanningView.as_view(), name="jaarplanning"),
    path(
        "jaarplanning/cycli/<int:periode_id>/",
        views.CyclusplanningView.as_view(),
        name="jaarplanning-cyclus",
    ),
    path(
        "jaarplanning/instellingen/",
        views.InstellingenView.as_view(),
        name="jaarplanning-instellingen",
    ),
    path(
        "jaarplanning/<int:schooljaar_id>/kopieren/",
        views.KopierenView.as_view(),
        name="jaarplanning-kopieren",
    ),
    path("jaarplanning/bundel/", views.BundelView.as_view(), name="jaarplanning-bundel"),
    path("taken/", views.TakenView.as_view(), name="taken"),
    path("taken/voorkeur/", views.VoorkeurView.as_view(), name="taken-voorkeur"),
]
