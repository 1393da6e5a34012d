"""/api/v1/…: the schema and its documentation page (public, no data), and per school the
endpoints, each declaring the scope it needs (checked by TenantMiddleware)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views as v
from . import views_rooster as vr

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # roster (roster:write)
    path("<slug:school>/leerlingen/", v.LeerlingListView.as_view(), name="api-leerling-list"),
    path(
        "<slug:school>/leerlingen/<str:sourced_id>/",
        v.LeerlingDetailView.as_view(),
        name="api-leerling-detail",
    ),
    path("<slug:school>/schooljaren/", vr.SchooljaarListView.as_view(), name="api-schooljaar-list"),
    path("<slug:school>/vakken/", vr.VakListView.as_view(), name="api-vak-list"),
    path("<slug:school>/groepen/", vr.GroepListView.as_view(), name="api-groep-list"),
    path("<slug:school>/lesgroepen/", vr.LesgroepListView.as_view(), name="api-lesgroep-list"),
    path("<slug:school>/medewerkers/", vr.MedewerkerListView.as_view(), name="api-medewerker-list"),
    path("<slug:school>/plaatsingen/", vr.PlaatsingListView.as_view(), name="api-plaatsing-list"),
    # results (results:write)
    path(
        "<slug:school>/toetsmomenten/", v.ToetsmomentListView.as_view(), name="api-toetsmoment-list"
    ),
    path("<slug:school>/resultaten/", v.ResultatenView.as_view(), name="api-resultaten"),
    # care data out (care:read)
    path("<slug:school>/periodes/", v.PeriodeListView.as_view(), name="api-periode-list"),
    path(
        "<slug:school>/groepsoverzichten/",
        v.GroepsoverzichtListView.as_view(),
        name="api-groepsoverzicht-list",
    ),
    path(
        "<slug:school>/onderwijsbehoeften/",
        v.OnderwijsbehoefteListView.as_view(),
        name="api-onderwijsbehoefte-list",
    ),
    path(
        "<slug:school>/groepsplannen/", v.GroepsplanListView.as_view(), name="api-groepsplan-list"
    ),
    path("<slug:school>/besprekingen/", v.BesprekingListView.as_view(), name="api-bespreking-list"),
    # change feed (care:read)
    path("<slug:school>/wijzigingen/", v.WijzigingenView.as_view(), name="api-wijzigingen"),
]
