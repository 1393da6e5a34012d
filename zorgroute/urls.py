from django.urls import include, path

from .views import auth

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
    path("scholen/", auth.KiesSchoolView.as_view(), name="kies-school"),
    path("gezond/", auth.gezond, name="gezond"),
    # REST API for LVS integrators: /api/v1/<school>/… (bearer token, scopes).
    path("api/v1/", include("api.urls")),
    # Everything below carries the school and is guarded by TenantMiddleware.
    path("<slug:school>/", include("zorgroute.urls_tenant")),
]

handler403 = "zorgroute.views.errors.permission_denied"
handler404 = "zorgroute.views.errors.page_not_found"
handler500 = "zorgroute.views.errors.server_error"
