"""Beheer: the beheerder manages the roster and staff accounts of their own school."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from zorgroute import urls_beheer

pytestmark = pytest.mark.django_db


def beheer_url_names() -> list[tuple[str, list[str]]]:
    names = []
    for pattern in urls_beheer.urlpatterns:
        kwargs = list(pattern.pattern.regex.groupindex)
        names.append((pattern.name, kwargs))
    return names


def test_every_beheer_page_opens_for_the_beheerder(login, world):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    objects = world.objects_by_kwarg()
    for name, kwargs in beheer_url_names():
        assert name.startswith("beheer-")
        url = reverse(name, kwargs={"school": world.school.slug, **{k: objects[k] for k in kwargs}})
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        assert "<script>" not in body and "onclick" not in body
    assert get_resolver()  # noqa: keep import used
