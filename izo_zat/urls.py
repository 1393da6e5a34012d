"""IZO/ZAT URLs inside one school (/<school>/…), included from zorgroute/urls.py.
Object ids use only the keywords of zorgroute.tenancy.url_objects."""

from typing import Any

from django.urls import path

from .aanmelding import views as aanmelding  # aanmelding, indienen, triage
from .access import OVERLEG_PERMISSIE
from .advies import views as advies  # handelingsadviezen judged on the groepsplan
from .models import OverlegSoort
from .overleg import views as overleg  # IZO and ZAT meetings, the IZO report
from .partners import views as partners  # partner organisations and their members
from .templatetags.zorgoverleg import KWARG
from .toestemming import views as toestemming  # the consent register
from .traject import views as traject  # trajecten, the shortened route
from .zat import views as zat  # ZAT referral and cases, plan van aanpak


def _overleg(view_class: Any, soort: str) -> Any:
    """One meeting view for the IZO or the ZAT: the kind and the permission it needs."""
    view = view_class.as_view(soort=soort)
    view.required_permission = OVERLEG_PERMISSIE[soort]
    return view


def _overleg_urls(soort: str) -> list[Any]:
    """IZO meetings take <overleg_id>, ZAT meetings <zatoverleg_id> (each keyword names one
    kind of object for the cross-tenant test; templates use {% overleg_url %})."""
    pre = "izo" if soort == OverlegSoort.IZO else "zat"
    kw = KWARG[soort]
    return [
        path(
            f"{pre}/overleggen/",
            _overleg(overleg.OverlegListView, soort),
            name=f"{pre}-overleg-list",
        ),
        path(
            f"{pre}/overleggen/nieuw/",
            _overleg(overleg.OverlegFormView, soort),
            name=f"{pre}-overleg-create",
        ),
        path(
            f"{pre}/overleggen/<int:{kw}>/",
            _overleg(overleg.OverlegDetailView, soort),
            name=f"{pre}-overleg-detail",
        ),
        path(
            f"{pre}/overleggen/<int:{kw}>/wijzigen/",
            _overleg(overleg.OverlegFormView, soort),
            name=f"{pre}-overleg-update",
        ),
        path(
            f"{pre}/overleggen/<int:{kw}>/afsluiten/",
            _overleg(overleg.OverlegAfsluitenView, soort),
            name=f"{pre}-overleg-afsluiten",
        ),
    ]


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
        toestemming.ToestemmingenView.as_view(),
        name="izo-toestemmingen",
    ),
    path(
        "izo/toestemmingen/<int:toestemming_id>/intrekken/",
        toestemming.ToestemmingIntrekkenView.as_view(),
        name="izo-toestemming-intrekken",
    ),
    path("izo/partners/", partners.PartnerListView.as_view(), name="izo-partner-list"),
    path(
        "izo/partners/<int:partner_id>/",
        partners.PartnerUpdateView.as_view(),
        name="izo-partner-update",
    ),
    path(
        "izo/partners/<int:partner_id>/leden/",
        partners.PartnerlidCreateView.as_view(),
        name="izo-partnerlid-create",
    ),
    path(
        "izo/partnerleden/<int:partnerlid_id>/verwijderen/",
        partners.PartnerlidDeleteView.as_view(),
        name="izo-partnerlid-delete",
    ),
    # --- the IZO meeting and its reports ------------------------------------------------------
    *_overleg_urls(OverlegSoort.IZO),
    path(
        "izo/overleggen/<int:overleg_id>/trajecten/<int:traject_id>/",
        overleg.IzoVerslagView.as_view(),
        name="izo-verslag",
    ),
    path(
        "izo/verslagen/<int:verslag_id>/",
        overleg.IzoVerslagDetailView.as_view(),
        name="izo-verslag-detail",
    ),
    path(
        "izo/verslagen/<int:verslag_id>/pdf/",
        overleg.IzoVerslagPdfView.as_view(),
        name="izo-verslag-pdf",
    ),
    path(
        "izo/verslagen/<int:verslag_id>/besluiten/nieuw/",
        overleg.IzobesluitCreateView.as_view(),
        name="izo-besluit-create",
    ),
    path(
        "izo/besluiten/<int:izobesluit_id>/verwijderen/",
        overleg.IzobesluitDeleteView.as_view(),
        name="izo-besluit-delete",
    ),
    path(
        "izo/verslagen/<int:verslag_id>/adviezen/nieuw/",
        overleg.AdviesCreateView.as_view(),
        name="izo-advies-create",
    ),
    path(
        "izo/adviezen/<int:advies_id>/verwijderen/",
        overleg.AdviesDeleteView.as_view(),
        name="izo-advies-delete",
    ),
    path(
        "izo/adviezen/<int:advies_id>/",
        advies.AdviesBeoordelenView.as_view(),
        name="izo-advies-beoordelen",
    ),
    # --- the ZAT ------------------------------------------------------------------------------
    path(
        "izo/besluiten/<int:izobesluit_id>/zat-aanmelding/",
        zat.ZatAanmeldenView.as_view(),
        name="zat-aanmelden",
    ),
    *_overleg_urls(OverlegSoort.ZAT),
    path(
        "zat/overleggen/<int:zatoverleg_id>/casussen/<int:zatcasus_id>/",
        zat.ZatVerslagView.as_view(),
        name="zat-verslag",
    ),
    path(
        "zat/verslagen/<int:zatverslag_id>/adviezen/nieuw/",
        zat.ZatAdviesCreateView.as_view(),
        name="zat-advies-create",
    ),
    path("zat/casussen/", zat.ZatCasusListView.as_view(), name="zat-casus-list"),
    path("zat/casussen/<int:zatcasus_id>/", zat.ZatCasusView.as_view(), name="zat-casus"),
    path(
        "zat/casussen/<int:zatcasus_id>/wijzigen/",
        zat.ZatCasusUpdateView.as_view(),
        name="zat-casus-update",
    ),
    path(
        "zat/casussen/<int:zatcasus_id>/afsluiten/",
        zat.ZatCasusAfsluitenView.as_view(),
        name="zat-casus-afsluiten",
    ),
    path("zat/casussen/<int:zatcasus_id>/pdf/", zat.ZatPlanPdfView.as_view(), name="zat-plan-pdf"),
    path("zat/casussen/<int:zatcasus_id>/delen/", zat.ZatDelenView.as_view(), name="zat-delen"),
    path(
        "zat/toegang/<int:grant_id>/intrekken/",
        zat.ZatToegangIntrekkenView.as_view(),
        name="zat-toegang-intrekken",
    ),
    path(
        "zat/casussen/<int:zatcasus_id>/acties/nieuw/",
        zat.ZatActieCreateView.as_view(),
        name="zat-actie-create",
    ),
    path(
        "zat/acties/<int:zatactie_id>/", zat.ZatActieUpdateView.as_view(), name="zat-actie-update"
    ),
    path(
        "zat/casussen/<int:zatcasus_id>/doorverwijzingen/nieuw/",
        zat.DoorverwijzingCreateView.as_view(),
        name="zat-doorverwijzing-create",
    ),
    path(
        "zat/doorverwijzingen/<int:doorverwijzing_id>/",
        zat.DoorverwijzingUpdateView.as_view(),
        name="zat-doorverwijzing-update",
    ),
    path(
        "izo/aanmeldingen/<int:aanmelding_id>/pdf/",
        aanmelding.AanmeldingPdfView.as_view(),
        name="izo-aanmelding-pdf",
    ),
]
