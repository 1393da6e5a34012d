"""AVG pages, under /<school>/avg/ (included from zorgroute.urls.tenant_urlpatterns)."""

from django.urls import URLPattern, path

from . import views as v

urlpatterns: list[URLPattern] = [
    path("avg/", v.AvgOverzichtView.as_view(), name="avg-overzicht"),
    path("avg/leerlingen/<uuid:leerling_uuid>/", v.AvgLeerlingView.as_view(), name="avg-leerling"),
    path(
        "avg/leerlingen/<uuid:leerling_uuid>/export.json",
        v.ExportJsonView.as_view(),
        name="avg-export-json",
    ),
    path(
        "avg/leerlingen/<uuid:leerling_uuid>/export.pdf",
        v.ExportPdfView.as_view(),
        name="avg-export-pdf",
    ),
    path(
        "avg/leerlingen/<uuid:leerling_uuid>/verzoek/",
        v.VerzoekIndienenView.as_view(),
        name="avg-verzoek",
    ),
    path(
        "avg/leerlingen/<uuid:leerling_uuid>/verzoek/bevestigen/",
        v.VerzoekBevestigenView.as_view(),
        name="avg-verzoek-bevestigen",
    ),
    path(
        "avg/leerlingen/<uuid:leerling_uuid>/verzoek/intrekken/",
        v.VerzoekIntrekkenView.as_view(),
        name="avg-verzoek-intrekken",
    ),
]
