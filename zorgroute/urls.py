from django.urls import URLPattern, URLResolver, include, path

from .sso import views as sso
from .views import auth, downloads, health, mijn_gegevens, roster, tweestaps
from .views import uitnodiging as uitnodiging_views

#: URLs inside one school: /<school>/… Every view here declares a required_permission.
tenant_urlpatterns: list[URLPattern | URLResolver] = [
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
    path("beheer/", include("zorgroute.beheer.urls")),
    path("", include("groepsoverzicht.urls")),
    path("", include("groepsplan.urls")),
    path("", include("besprekingen.urls")),
    path("", include("izo_zat.urls")),
    path("", include("planning.urls")),
    path("", include("opbrengsten.urls")),
    # Issue 19: retention and the access-log review (zorgroute.privacy)
    path("", include("zorgroute.privacy.bewaren.urls")),
    path("", include("zorgroute.privacy.toegang.urls")),
    # AVG rights (issue 19): export, four-eyes erasure.
    path("", include("zorgroute.privacy.urls")),
]

urlpatterns = [
    path("", auth.start, name="start"),
    path("inloggen/", auth.LoginView.as_view(), name="login"),
    path("uitloggen/", auth.LogoutView.as_view(), name="logout"),
    path("wachtwoord/", auth.WachtwoordVergetenView.as_view(), name="password_reset"),
    path(
        "wachtwoord/verstuurd/",
        auth.WachtwoordVerstuurdView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth.WachtwoordKiezenView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/ingesteld/",
        auth.WachtwoordIngesteldView.as_view(),
        name="password_reset_complete",
    ),
    # Login hardening (issue 19): a logged-in user's own password and sessions.
    path("wachtwoord/wijzigen/", auth.WachtwoordWijzigenView.as_view(), name="password_change"),
    path("uitloggen/overal/", auth.UitloggenOveralView.as_view(), name="logout_everywhere"),
    path("scholen/", auth.KiesSchoolView.as_view(), name="kies-school"),
    path("gezond/", health.gezond, name="gezond"),
    # Issue 19: sign-in with the school's own identity provider (zorgroute.sso).
    path("inloggen/school/", sso.kies_school, name="schoolinlog-kies"),
    path("inloggen/school/callback/", sso.callback, name="schoolinlog-callback"),
    path("inloggen/school/<slug:school_slug>/start/", sso.start, name="schoolinlog-start"),
    # Two-factor login (issue 19): the code after the password, setting up the app, the
    # backup codes shown once, and the user's own page.
    path("inloggen/code/", tweestaps.CodeView.as_view(), name="tweestaps-code"),
    path("inloggen/tweestaps/", tweestaps.TweestapsView.as_view(), name="tweestaps"),
    path(
        "inloggen/tweestaps/instellen/",
        tweestaps.InstellenView.as_view(),
        name="tweestaps-instellen",
    ),
    path(
        "inloggen/tweestaps/reservecodes/",
        tweestaps.ReservecodesView.as_view(),
        name="tweestaps-reservecodes",
    ),
    # REST API for LVS integrators: /api/v1/<school>/… (bearer token, scopes).
    path("api/v1/", include("api.urls")),
    # Issue 19, accounts stay in their school: the invitation link (public, token-guarded).
    path(
        "uitnodiging/<slug:school>/<uuid:sleutel>/<str:token>/",
        uitnodiging_views.UitnodigingView.as_view(),
        name="uitnodiging",
    ),
    # The account holder's own name (the only place where it changes).
    path("mijn-gegevens/", mijn_gegevens.MijnGegevensView.as_view(), name="mijn-gegevens"),
    # Everything below carries the school and is guarded by TenantMiddleware.
    path("<slug:school>/", include(tenant_urlpatterns)),
]

handler400 = "zorgroute.views.errors.bad_request"  # request too large: Dutch 413/400
handler403 = "zorgroute.views.errors.permission_denied"
handler404 = "zorgroute.views.errors.page_not_found"
handler500 = "zorgroute.views.errors.server_error"
