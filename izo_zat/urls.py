"""IZO/ZAT URLs inside one school (/<school>/…), included from zorgroute/urls_tenant.py.
Object ids use only the keywords of zorgroute.tenancy.url_objects."""

from django.urls import path

from . import views_aanmelding as aanmelding  # aanmelding, indienen, triage
from . import views_traject as traject  # trajecten, consent, partner organisations

urlpatterns = [
    # --- aanmelding and triage -------------------------------------------------------------
    path("izo/aanmeldingen/", aanmelding.AanmeldingListView.as_view(), name="izo-aanmelding-list"),
    path(
        "izo/aanmeldingen/<int:aanmelding_id>/",
        aanmelding.AanmeldingView.as_view(),
        name="izo-aanmelding",
    ),
    path(
        "izo/aanmeldingen/<int:aanmelding_id>/indienen/",
        aanmelding.IndienenView.as_view(),
        name="izo-aanmelding-indienen",
    ),
    path(
        "izo/aanmeldingen/<int:aanmelding_id>/triage/",
        aanmelding.TriageView.as_view(),
        name="izo-triage",
    ),
    path(
        "leerlingen/<uuid:leerling_uuid>/izo-aanmelding/",
        aanmelding.AanmeldingStartView.as_view(),
        name="izo-aanmelding-start",
    ),
    # --- trajecten ---------------------------------------------------------------------------
    path("izo/trajecten/", traject.TrajectListView.as_view(), name="izo-traject-list"),
    path(
        "izo/trajecten/<int:traject_id>/",
        traject.TrajectDetailView.as_view(),
        name="izo-traject-detail",
    ),
    path(
        "izo/trajecten/<int:traject_id>/wijzigen/",
        traject.TrajectUpdateView.as_view(),
        name="izo-traject-update",
    ),
    path(
        "izo/trajecten/<int:traject_id>/afsluiten/",
        traject.TrajectAfsluitenView.as_view(),
        name="izo-traject-afsluiten",
    ),
    path(
        "leerlingen/<uuid:leerling_uuid>/traject/nieuw/",
        traject.TrajectVerkortView.as_view(),
        name="izo-traject-verkort",
    ),
    # --- consent registry and partner organisations ------------------------------------------
    path(
        "leerlingen/<uuid:leerling_uuid>/toestemmingen/",
        traject.ToestemmingenView.as_view(),
        name="izo-toestemmingen",
    ),
    path(
        "izo/toestemmingen/<int:toestemming_id>/intrekken/",
        traject.ToestemmingIntrekkenView.as_view(),
        name="izo-toestemming-intrekken",
    ),
    path("izo/partners/", traject.PartnerListView.as_view(), name="izo-partner-list"),
    path(
        "izo/partners/<int:partner_id>/",
        traject.PartnerUpdateView.as_view(),
        name="izo-partner-update",
    ),
]
