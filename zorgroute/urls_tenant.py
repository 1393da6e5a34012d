"""URLs inside one school: /<school>/… Every view here declares a required_permission."""

from django.urls import include, path

from .views import downloads, roster

urlpatterns = [
    path("", roster.HomeView.as_view(), name="home"),
    path("groepen/", roster.GroepListView.as_view(), name="groep-list"),
    path("groepen/<int:groep_id>/", roster.GroepDetailView.as_view(), name="groep-detail"),
    path(
        "leerlingen/<uuid:leerling_uuid>/",
        roster.LeerlingDetailView.as_view(),
        name="leerling-detail",
    ),
    path(
        "leerlingen/<uuid:leerling_uuid>/inzages/",
        roster.LeerlingInzagesView.as_view(),
        name="leerling-inzages",
    ),
    path("downloads/", downloads.DownloadListView.as_view(), name="download-list"),
    path(
        "downloads/<uuid:taak_uuid>/",
        downloads.DownloadDetailView.as_view(),
        name="download-detail",
    ),
    path(
        "downloads/<uuid:taak_uuid>/bestand/",
        downloads.DownloadBestandView.as_view(),
        name="download-bestand",
    ),
    path("beheer/", include("zorgroute.urls_beheer")),
    path("", include("groepsoverzicht.urls")),
    path("", include("groepsplan.urls")),
    path("", include("besprekingen.urls")),
    path("", include("izo_zat.urls")),
    path("", include("planning.urls")),
    path("", include("opbrengsten.urls")),
]
