"""Besprekingen URLs inside one school (/<school>/…), included from zorgroute/urls.py.
Object ids use only the keywords of zorgroute.tenancy.url_objects (bespreking_id,
inbreng_id, besluit_id, actie_id, leerling_uuid), so the cross-tenant test can fill them."""

from django.urls import path

from .bilateraal import views as bilateraal  # bilateraal overleg
from .plannen import views as plannen  # list, plan, prepare, home and pupil panels
from .vergadering import views as vergadering  # run, close, report, PDF, actions

urlpatterns = [
    # --- plan and prepare ------------------------------------------------------------------
    path("besprekingen/", plannen.BesprekingListView.as_view(), name="bespreking-list"),
    path("besprekingen/nieuw/", plannen.BesprekingCreateView.as_view(), name="bespreking-create"),
    path(
        "besprekingen/<int:bespreking_id>/",
        plannen.BesprekingDetailView.as_view(),
        name="bespreking-detail",
    ),
    path(
        "besprekingen/<int:bespreking_id>/wijzigen/",
        plannen.BesprekingUpdateView.as_view(),
        name="bespreking-update",
    ),
    path(
        "besprekingen/<int:bespreking_id>/inbreng/",
        plannen.InbrengCreateView.as_view(),
        name="bespreking-inbreng-create",
    ),
    # --- run the meeting -------------------------------------------------------------------
    path(
        "besprekingen/<int:bespreking_id>/vergadering/",
        vergadering.VergaderingView.as_view(),
        name="bespreking-vergadering",
    ),
    path(
        "besprekingen/<int:bespreking_id>/starten/",
        vergadering.StartenView.as_view(),
        name="bespreking-starten",
    ),
    path(
        "besprekingen/<int:bespreking_id>/verslagpunt/",
        vergadering.VerslagpuntView.as_view(),
        name="bespreking-verslagpunt",
    ),
    path(
        "besprekingen/<int:bespreking_id>/inbreng/<int:inbreng_id>/besproken/",
        vergadering.InbrengBesprokenView.as_view(),
        name="bespreking-inbreng-besproken",
    ),
    path(
        "besprekingen/<int:bespreking_id>/besluiten/nieuw/",
        vergadering.BesluitCreateView.as_view(),
        name="bespreking-besluit-create",
    ),
    path(
        "besprekingen/<int:bespreking_id>/besluiten/<int:besluit_id>/verwijderen/",
        vergadering.BesluitDeleteView.as_view(),
        name="bespreking-besluit-delete",
    ),
    path(
        "besprekingen/<int:bespreking_id>/acties/nieuw/",
        vergadering.ActieCreateView.as_view(),
        name="bespreking-actie-create",
    ),
    path(
        "besprekingen/<int:bespreking_id>/acties/<int:actie_id>/verwijderen/",
        vergadering.ActieDeleteView.as_view(),
        name="bespreking-actie-delete",
    ),
    path(
        "acties/<int:actie_id>/afvinken/",
        vergadering.ActieAfvinkenView.as_view(),
        name="actie-afvinken",
    ),
    # --- close and report --------------------------------------------------------------------
    path(
        "besprekingen/<int:bespreking_id>/afsluiten/",
        vergadering.AfsluitenView.as_view(),
        name="bespreking-afsluiten",
    ),
    path(
        "besprekingen/<int:bespreking_id>/verslag/",
        vergadering.VerslagView.as_view(),
        name="bespreking-verslag",
    ),
    path(
        "besprekingen/<int:bespreking_id>/verslag.pdf",
        vergadering.VerslagPdfView.as_view(),
        name="bespreking-verslag-pdf",
    ),
    # --- bilateraal overleg ------------------------------------------------------------------
    path(
        "leerlingen/<uuid:leerling_uuid>/bilateraal/nieuw/",
        bilateraal.BilateraalCreateView.as_view(),
        name="bilateraal-create",
    ),
]
