from django.urls import path

from . import views

urlpatterns = [
    path("opbrengsten/", views.DashboardView.as_view(), name="opbrengsten"),
    path(
        "opbrengsten/uitsplitsing/",
        views.UitsplitsingView.as_view(),
        name="opbrengsten-uitsplitsing",
    ),
    path(
        "opbrengsten/groepen/<int:groep_id>/",
        views.KlasView.as_view(),
        name="opbrengsten-groep",
    ),
    path("opbrengsten/csv/", views.CsvView.as_view(), name="opbrengsten-csv"),
    path("opbrengsten/rapport/", views.RapportView.as_view(), name="opbrengsten-rapport"),
    path("opbrengsten/bestuur/", views.BestuurView.as_view(), name="opbrengsten-bestuur"),
    path(
        "opbrengsten/bestuur/csv/", views.BestuurCsvView.as_view(), name="opbrengsten-bestuur-csv"
    ),
    path("opbrengsten/ambities/", views.AmbitiesView.as_view(), name="opbrengsten-ambities"),
    path(
        "opbrengsten/ambities/<int:schooljaar_id>/nieuw/",
        views.AmbitieCreateView.as_view(),
        name="opbrengsten-ambitie-nieuw",
    ),
    path(
        "opbrengsten/ambities/<int:schooljaar_id>/kopieren/",
        views.AmbitiesKopierenView.as_view(),
        name="opbrengsten-ambities-kopieren",
    ),
    path(
        "opbrengsten/ambitie/<int:ambitie_id>/",
        views.AmbitieUpdateView.as_view(),
        name="opbrengsten-ambitie",
    ),
]
