"""A session without the second factor reaches no care page and no care API operation.

Walked, never listed: every tenant URL from the URLconf (tests/urlwalk.py) and every
operation of the API's OpenAPI schema. The user has every role in school A, so only the
missing second factor can explain a refusal. Each page answers with a redirect to the code
page (or, without an app, to setting one up), an htmx request with HX-Redirect and an empty
body; the API answers 401 to a session, verified or not (it takes only a bearer token).
None of the answers holds the pupil's name.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.auth_helpers import give_totp_device, log_in_verified
from zorgroute import models as m

from ..api.test_architecture import _operations
from ..urlwalk import tenant_routes
from ..world import SchoolWorld

ROUTES = tenant_routes()


def _ids(world: SchoolWorld) -> dict[str, object]:
    return {"school": world.school.slug, **world.objects_by_kwarg()}


def _names(world: SchoolWorld) -> list[str]:
    return [world.leerling.achternaam, world.andere_leerling.achternaam]


def _assert_no_pupil(body: bytes, world: SchoolWorld, url: str) -> None:
    text = body.decode(errors="replace")
    for name in _names(world):
        assert name not in text, url


@pytest.fixture
def unverified(client: Client, alles_a: m.Gebruiker) -> Client:
    """Logged in with the password only, by a user who has an authenticator app."""
    give_totp_device(alles_a)
    client.force_login(alles_a)
    return client


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_care_url_sends_an_unverified_session_to_the_code_page(
    route, unverified: Client, school_a: SchoolWorld
) -> None:  # type: ignore[no-untyped-def]
    url = route.url(_ids(school_a))
    code_page = reverse("tweestaps-code")
    for method in ("get", "post"):
        response = getattr(unverified, method)(url)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"].startswith(f"{code_page}?next="), (method, url)
        _assert_no_pupil(response.content, school_a, url)
    htmx = unverified.get(
        url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{url}"
    )
    assert htmx.status_code == 200, url
    assert htmx["HX-Redirect"].startswith(f"{code_page}?next="), url
    assert htmx.content == b"", url


def test_without_an_app_the_gate_sends_to_setting_one_up(
    client: Client, school_a: SchoolWorld, alles_a: m.Gebruiker
) -> None:
    client.force_login(alles_a)
    response = client.get(f"/{school_a.school.slug}/groepen/")
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('tweestaps-instellen')}?next=%2F{school_a.school.slug}%2Fgroepen%2F"
    )


@pytest.mark.parametrize("verified", [False, True], ids=["unverified", "verified"])
def test_no_api_operation_answers_a_session(
    verified: bool, client: Client, school_a: SchoolWorld, alles_a: m.Gebruiker, in_school
) -> None:  # type: ignore[no-untyped-def]
    with in_school(school_a.school):
        m.LeerlingExternId.objects.create(
            school=school_a.school, leerling=school_a.leerling, bron="magister", extern_id="a-1"
        )
    operations = _operations(client)
    assert len(operations) >= 10
    if verified:
        log_in_verified(client, alles_a)
    else:
        client.force_login(alles_a)
    for path, method in operations:
        url = path.replace("{school}", school_a.school.slug).replace("{sourced_id}", "a-1")
        response = client.generic(method, url, "{}", content_type="application/json")
        assert response.status_code == 401, (method, url, response.status_code)
        _assert_no_pupil(response.content, school_a, url)
