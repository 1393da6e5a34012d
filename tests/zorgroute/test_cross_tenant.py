"""A user of school A calls every tenant URL of school B, and every URL of A with B's ids.

Every call must give 404 and leave B's rows unchanged. The URLs are enumerated from the
URLconf, so a new URL is covered the moment it exists.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.auth_helpers import log_in_verified
from zorgroute import models as m

from ..tenancy_helpers import school_checksum
from ..urlwalk import tenant_routes
from ..world import SchoolWorld

ROUTES = tenant_routes()


def _ids(world: SchoolWorld, school_slug: str) -> dict[str, object]:
    return {"school": school_slug, **world.objects_by_kwarg()}


def test_there_are_tenant_routes_to_check() -> None:
    names = {r.name for r in ROUTES}
    assert {"home", "groep-list", "groep-detail", "leerling-detail"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_other_schools_urls_give_404_and_change_nothing(
    route, client: Client, school_a: SchoolWorld, school_b: SchoolWorld, alles_a: m.Gebruiker
) -> None:  # type: ignore[no-untyped-def]
    log_in_verified(client, alles_a)
    before = school_checksum(school_b.school)

    # B's school in the URL, with B's own ids.
    url_b = route.url(_ids(school_b, school_b.school.slug))
    assert client.get(url_b).status_code == 404, url_b
    assert client.post(url_b, {}).status_code == 404, url_b

    object_kwargs = [k for k in route.kwargs if k != "school"]
    if object_kwargs:
        # A's school in the URL, with B's ids: the objects are not found in A.
        url_mixed = route.url(_ids(school_b, school_a.school.slug))
        assert client.get(url_mixed).status_code == 404, url_mixed
        assert client.post(url_mixed, {}).status_code == 404, url_mixed
        # The same URL with A's own ids is reachable, so the 404 above is about the ids.
        # Write-only URLs answer a GET with 404; for them a POST (rolled back) must get in.
        url_own = route.url(_ids(school_a, school_a.school.slug))
        if client.get(url_own).status_code == 404:
            with transaction.atomic():
                assert client.post(url_own, {}).status_code != 404, url_own
                transaction.set_rollback(True)

    assert school_checksum(school_b.school) == before


def test_unknown_school_is_404_for_a_logged_in_user(client: Client, alles_a) -> None:  # type: ignore[no-untyped-def]
    log_in_verified(client, alles_a)
    assert client.get("/bestaat-niet/").status_code == 404
    assert client.get("/bestaat-niet/groepen/").status_code == 404


def test_anonymous_user_is_sent_to_login_before_any_lookup(client: Client, school_a) -> None:  # type: ignore[no-untyped-def]
    for path in (f"/{school_a.school.slug}/", "/bestaat-niet/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


def test_ended_membership_gives_404(client: Client, school_a: SchoolWorld, in_school) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    docent = school_a.users["docent"]
    with in_school(school_a.school):
        m.Lidmaatschap.objects.filter(gebruiker=docent).update(
            einddatum=dt.date.today() - dt.timedelta(days=1)
        )
    log_in_verified(client, docent)
    assert client.get(f"/{school_a.school.slug}/").status_code == 404
