"""The bundle form's `terug` address: a path on this site, never another host (the open
redirect the security test found)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ..world import SchoolWorld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "terug",
    [
        "https://evil.example/inloggen/",
        "//evil.example/inloggen/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_a_foreign_terug_address_falls_back_to_the_jaarplanning(
    world: SchoolWorld, login: Any, terug: str
) -> None:
    client = login("mentor")
    url = reverse("jaarplanning-bundel", kwargs={"school": world.school.slug})
    # An invalid form (no cycle) is the branch that follows `terug`.
    response = client.post(url, {"periode": "", "terug": terug})
    assert response.status_code == 302
    assert response["Location"] == reverse("jaarplanning", kwargs={"school": world.school.slug})


def test_a_path_on_this_site_is_followed(world: SchoolWorld, login: Any) -> None:
    client = login("mentor")
    terug = f"/{world.school.slug}/groepen/?x=1"
    url = reverse("jaarplanning-bundel", kwargs={"school": world.school.slug})
    response = client.post(url, {"periode": "", "terug": terug})
    assert response.status_code == 302
    assert response["Location"] == terug
