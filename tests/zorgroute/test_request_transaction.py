"""The request transaction: a view that raises after writing leaves nothing behind, also when
Django answers the exception with a 403, 404 or 400; a 4xx the view returns keeps its writes.

The views below are test-only (this module is their URLconf, on top of the project's URLs so
that the error pages can reverse every name). Tests run inside pytest-django's transaction,
so the request's transaction is a savepoint there: marking it for rollback rolls back to that
savepoint, which undoes exactly the request's writes, as the real rollback does at the top.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.views import View

from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute import permissions as p
from zorgroute.tenancy import middleware
from zorgroute.urls import urlpatterns as project_urlpatterns
from zorgroute.views.base import TenantViewMixin

from ..world import SchoolWorld

PROEF_AFKORTING = "PRF"
PUBLIEKE_VOORNAAM = "Gewijzigd-door-proef"


def _afloop(fout: str) -> HttpResponse:
    """Raise or return the outcome named in the URL, after the caller has written."""
    if fout == "404":
        raise Http404
    if fout == "403":
        raise PermissionDenied
    if fout == "400":
        raise SuspiciousOperation("proef")
    if fout == "500":
        raise RuntimeError("proef")
    if fout == "403-terug":
        return HttpResponse("geweigerd", status=403)
    if fout == "409-terug":
        return HttpResponse("conflict", status=409)
    return HttpResponse("goed")


class SchrijfDanFoutView(TenantViewMixin, View):
    required_permission = p.VIEW_HOME

    def post(self, request: HttpRequest, school: str, fout: str) -> HttpResponse:
        m.Vak.objects.create(school=self.tenant.school, naam="Proefvak", afkorting=PROEF_AFKORTING)
        # The session is saved after the view, in the same transaction: it must still be
        # able to query after an exception has marked the request for rollback.
        request.session["proef"] = fout
        return _afloop(fout)


def publiek_schrijf_dan_fout(request: HttpRequest, fout: str) -> HttpResponse:
    m.Gebruiker.objects.filter(pk=request.user.pk).update(voornaam=PUBLIEKE_VOORNAAM)
    return _afloop(fout)


urlpatterns = [
    path("proef-publiek/<str:fout>/", publiek_schrijf_dan_fout, name="proef-publiek"),
    path("<slug:school>/proef/<str:fout>/", SchrijfDanFoutView.as_view(), name="proef"),
    *project_urlpatterns,
]
handler403 = "zorgroute.views.errors.permission_denied"
handler404 = "zorgroute.views.errors.page_not_found"
handler500 = "zorgroute.views.errors.server_error"

pytestmark = pytest.mark.urls(__name__)


def _proefvak_bestaat(school: SchoolWorld, in_school) -> bool:  # type: ignore[no-untyped-def]
    with in_school(school.school):
        return m.Vak.objects.filter(afkorting=PROEF_AFKORTING).exists()


@pytest.fixture
def mentor_client(school_a: SchoolWorld) -> Client:
    client = Client(raise_request_exception=False)
    log_in_verified(client, school_a.users["mentor"])
    return client


@pytest.mark.parametrize(("fout", "status"), [("404", 404), ("403", 403), ("400", 400)])
def test_raised_4xx_rolls_back_the_write(  # type: ignore[no-untyped-def]
    fout: str, status: int, mentor_client: Client, school_a: SchoolWorld, in_school
) -> None:
    response = mentor_client.post(f"/{school_a.school.slug}/proef/{fout}/")
    assert response.status_code == status
    assert not _proefvak_bestaat(school_a, in_school)


def test_raised_500_rolls_back_the_write(  # type: ignore[no-untyped-def]
    mentor_client: Client, school_a: SchoolWorld, in_school
) -> None:
    response = mentor_client.post(f"/{school_a.school.slug}/proef/500/")
    assert response.status_code == 500
    assert not _proefvak_bestaat(school_a, in_school)


@pytest.mark.parametrize(("fout", "status"), [("403-terug", 403), ("409-terug", 409)])
def test_returned_4xx_keeps_the_write(  # type: ignore[no-untyped-def]
    fout: str, status: int, mentor_client: Client, school_a: SchoolWorld, in_school
) -> None:
    response = mentor_client.post(f"/{school_a.school.slug}/proef/{fout}/")
    assert response.status_code == status
    assert _proefvak_bestaat(school_a, in_school)


def test_a_successful_write_is_kept(  # type: ignore[no-untyped-def]
    mentor_client: Client, school_a: SchoolWorld, in_school
) -> None:
    assert mentor_client.post(f"/{school_a.school.slug}/proef/goed/").status_code == 200
    assert _proefvak_bestaat(school_a, in_school)


@pytest.mark.parametrize(
    ("fout", "status", "titel"), [("404", 404, "Niet gevonden"), ("403", 403, "Geen toegang")]
)
def test_error_page_after_rollback_mark_renders_fully_for_a_logged_in_user(
    fout: str, status: int, titel: str, mentor_client: Client, school_a: SchoolWorld
) -> None:
    response = mentor_client.post(f"/{school_a.school.slug}/proef/{fout}/")
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{titel}</h1>" in html
    # The layout for a logged-in user of the school: its navigation and the footer.
    assert f'href="/{school_a.school.slug}/groepen/"' in html
    assert f"ingelogd als {school_a.users['mentor'].volledige_naam}" in html


@pytest.fixture
def publiek(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the test's public view on the public list (the middleware reads it by name)."""
    monkeypatch.setattr(
        middleware, "PUBLIC_URL_NAMES", middleware.PUBLIC_URL_NAMES | {"proef-publiek"}
    )


@pytest.mark.usefixtures("publiek")
@pytest.mark.parametrize(
    ("fout", "status", "bewaard"),
    [("404", 404, False), ("403", 403, False), ("500", 500, False), ("403-terug", 403, True)],
)
def test_public_view_raising_after_a_write_rolls_back(
    fout: str, status: int, bewaard: bool, mentor_client: Client, school_a: SchoolWorld
) -> None:
    mentor = school_a.users["mentor"]
    response = mentor_client.post(f"/proef-publiek/{fout}/")
    assert response.status_code == status
    mentor.refresh_from_db()
    assert (mentor.voornaam == PUBLIEKE_VOORNAAM) is bewaard
