"""Groepsoverzicht URLs inside one school (/<school>/…), included from
zorgroute/urls.py. Object ids use only the keywords of
zorgroute.tenancy.url_objects, so the cross-tenant test can fill them."""

from django.urls import path

from . import views_overzicht as overzicht  # the overview screen
from . import views_pdf  # PDF
from . import views_resultaten as resultaten
from .checklists import views as checklist_views  # kijkwijzer and begrijpwijzer
from .meten import views as meten

urlpatterns = [
    # --- Configuring what is measured (meten-*, CONFIGURE_METEN) ---------------------------
    path("meten/", meten.MetenIndexView.as_view(), name="meten-index"),
    path("meten/standaard/", meten.StandaardView.as_view(), name="meten-standaard"),
    path(
        "meten/instrumenten/nieuw/",
        meten.InstrumentCreateView.as_view(),
        name="meten-instrument-create",
    ),
    path(
        "meten/instrumenten/<int:instrument_id>/",
        meten.InstrumentUpdateView.as_view(),
        name="meten-instrument-update",
    ),
    path(
        "meten/instrumenten/<int:instrument_id>/verwijderen/",
        meten.InstrumentDeleteView.as_view(),
        name="meten-instrument-delete",
    ),
    path(
        "meten/instrumenten/<int:instrument_id>/domeinen/nieuw/",
        meten.DomeinCreateView.as_view(),
        name="meten-domein-create",
    ),
    path(
        "meten/domeinen/<int:domein_id>/",
        meten.DomeinUpdateView.as_view(),
        name="meten-domein-update",
    ),
    path(
        "meten/domeinen/<int:domein_id>/verwijderen/",
        meten.DomeinDeleteView.as_view(),
        name="meten-domein-delete",
    ),
    path(
        "meten/instrumenten/<int:instrument_id>/toetsmomenten/nieuw/",
        meten.ToetsmomentCreateView.as_view(),
        name="meten-toetsmoment-create",
    ),
    path(
        "meten/toetsmomenten/<int:toetsmoment_id>/",
        meten.ToetsmomentUpdateView.as_view(),
        name="meten-toetsmoment-update",
    ),
    path(
        "meten/toetsmomenten/<int:toetsmoment_id>/verwijderen/",
        meten.ToetsmomentDeleteView.as_view(),
        name="meten-toetsmoment-delete",
    ),
    path("meten/ijkpunten/nieuw/", meten.IjkpuntCreateView.as_view(), name="meten-ijkpunt-create"),
    path(
        "meten/ijkpunten/<int:ijkpunt_id>/",
        meten.IjkpuntUpdateView.as_view(),
        name="meten-ijkpunt-update",
    ),
    path(
        "meten/ijkpunten/<int:ijkpunt_id>/verwijderen/",
        meten.IjkpuntDeleteView.as_view(),
        name="meten-ijkpunt-delete",
    ),
    path(
        "meten/cruciale-momenten/nieuw/",
        meten.CruciaalMomentCreateView.as_view(),
        name="meten-cruciaal-moment-create",
    ),
    path(
        "meten/cruciale-momenten/<int:cruciaal_moment_id>/",
        meten.CruciaalMomentUpdateView.as_view(),
        name="meten-cruciaal-moment-update",
    ),
    path(
        "meten/cruciale-momenten/<int:cruciaal_moment_id>/verwijderen/",
        meten.CruciaalMomentDeleteView.as_view(),
        name="meten-cruciaal-moment-delete",
    ),
    path("meten/hulpzinnen/", meten.HulpzinListView.as_view(), name="meten-hulpzin-list"),
    path("meten/hulpzinnen/nieuw/", meten.HulpzinCreateView.as_view(), name="meten-hulpzin-create"),
    path(
        "meten/hulpzinnen/standaard/",
        meten.HulpzinStandaardView.as_view(),
        name="meten-hulpzin-standaard",
    ),
    path(
        "meten/hulpzinnen/<int:hulpzin_id>/",
        meten.HulpzinUpdateView.as_view(),
        name="meten-hulpzin-update",
    ),
    path(
        "meten/hulpzinnen/<int:hulpzin_id>/verwijderen/",
        meten.HulpzinDeleteView.as_view(),
        name="meten-hulpzin-delete",
    ),
    # --- Entering results (resultaten-*, ENTER_RESULTATEN) ---------------------------------
    path("resultaten/", resultaten.ResultatenIndexView.as_view(), name="resultaten-index"),
    path(
        "resultaten/groepen/<int:groep_id>/toetsmomenten/<int:toetsmoment_id>/",
        resultaten.InvoerView.as_view(),
        name="resultaten-invoer",
    ),
    path(
        "resultaten/groepen/<int:groep_id>/toetsmomenten/<int:toetsmoment_id>/plakken/",
        resultaten.PlakView.as_view(),
        name="resultaten-plakken",
    ),
    path(
        "resultaten/groepen/<int:groep_id>/toetsmomenten/<int:toetsmoment_id>/uploaden/",
        resultaten.UploadView.as_view(),
        name="resultaten-uploaden",
    ),
    # --- end of meten/resultaten -----------------------------------------------------------
    # --- PDF, kijkwijzer and begrijpwijzer (VIEW_GROEPSOVERZICHT; saving needs wijzigen) ---
    path(
        "groepsoverzichten/<int:overzicht_id>/pdf/",
        views_pdf.OverzichtPdfView.as_view(),
        name="groepsoverzicht-pdf",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/kijkwijzer/",
        checklist_views.KijkwijzerView.as_view(),
        name="groepsoverzicht-kijkwijzer",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/begrijpwijzer/",
        checklist_views.BegrijpwijzerView.as_view(),
        name="groepsoverzicht-begrijpwijzer",
    ),
    # --- end of PDF/checklists -------------------------------------------------------------
    # --- The overview screen (groepsoverzicht-*, overzicht-*; views_overzicht) ---------------
    path("groepsoverzichten/", overzicht.OverzichtListView.as_view(), name="groepsoverzicht-list"),
    path(
        "groepsoverzichten/nieuw/",
        overzicht.OverzichtCreateView.as_view(),
        name="groepsoverzicht-create",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/",
        overzicht.OverzichtDetailView.as_view(),
        name="groepsoverzicht-detail",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/aandachtspunten/",
        overzicht.AandachtspuntenUpdateView.as_view(),
        name="groepsoverzicht-aandachtspunten",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/signalen-berekenen/",
        overzicht.SignalenBerekenenView.as_view(),
        name="groepsoverzicht-signalen-berekenen",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/regels/<int:regel_id>/",
        overzicht.RegelView.as_view(),
        name="overzicht-regel",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/regels/<int:regel_id>/cel/",
        overzicht.RegelCelUpdateView.as_view(),
        name="overzicht-regel-cel",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/regels/<int:regel_id>/geschiedenis/",
        overzicht.RegelGeschiedenisView.as_view(),
        name="overzicht-regel-geschiedenis",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/regels/<int:regel_id>/signaleren/",
        overzicht.SignaleringCreateView.as_view(),
        name="overzicht-signaleren",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/signaleringen/<int:signalering_id>/besluit/",
        overzicht.SignaleringBesluitView.as_view(),
        name="overzicht-signalering-besluit",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/regels/<int:regel_id>/behoeften/nieuw/",
        overzicht.BehoefteCreateView.as_view(),
        name="overzicht-behoefte-create",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/behoeften/<int:behoefte_id>/",
        overzicht.BehoefteUpdateView.as_view(),
        name="overzicht-behoefte-update",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/behoeften/<int:behoefte_id>/verwijderen/",
        overzicht.BehoefteDeleteView.as_view(),
        name="overzicht-behoefte-delete",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/opmerkingen/nieuw/",
        overzicht.OpmerkingCreateView.as_view(),
        name="overzicht-opmerking-create",
    ),
    path(
        "groepsoverzichten/<int:overzicht_id>/opmerkingen/<int:opmerking_id>/afhandelen/",
        overzicht.OpmerkingAfhandelenView.as_view(),
        name="overzicht-opmerking-afhandelen",
    ),
    # --- end of the overview screen -----------------------------------------------------------
]
