"""Every request-size overflow is a clear Dutch error, not a 500 (issue 19): a form body past
DATA_UPLOAD_MAX_MEMORY_SIZE and an upload past ZORGROUTE_MAX_UPLOAD_BYTES are a 413, too many
fields a 400, each page saying which limit; htmx gets the message alone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings

from tests.world import SchoolWorld

pytestmark = pytest.mark.django_db


def _paste_url(world: SchoolWorld) -> str:
    return (
        f"/{world.school.slug}/resultaten/groepen/{world.groep.pk}/toetsmomenten/"
        f"{world.go['toetsmoment'].pk}/plakken/"
    )


def _upload_url(world: SchoolWorld) -> str:
    return _paste_url(world).replace("/plakken/", "/uploaden/")


def test_a_paste_past_the_request_limit_is_a_dutch_413(world: SchoolWorld, login: Any) -> None:
    tekst = "leerlingnummer;TL\n" + "1;II\n" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 5 + 10)
    response = login("mentor").post(_paste_url(world), {"tekst": tekst})
    body = response.content.decode()
    assert response.status_code == 413
    assert "Te veel tegelijk verstuurd" in body and "formulieren tot 2,5 MB" in body
    assert "1;II\n1;II" not in body and len(response.content) < 50_000


def test_too_many_fields_is_a_dutch_400(world: SchoolWorld, login: Any) -> None:
    grid = _paste_url(world).replace("/plakken/", "/")
    data = {f"w-{i}-1": "II" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = login("mentor").post(grid, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Te veel velden tegelijk verstuurd" in body
    assert f"meer dan {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}" in body


def test_an_upload_past_the_upload_limit_is_a_dutch_413_also_for_htmx(
    world: SchoolWorld, login: Any, settings: Any
) -> None:
    settings.ZORGROUTE_MAX_UPLOAD_BYTES = 1024 * 1024
    client = login("mentor")
    upload = io.BytesIO(b"leerlingnummer;TL\n" + b"1;II\n" * 300_000)
    upload.name = "groot.csv"
    response = client.post(_upload_url(world), {"bestand": upload})
    assert response.status_code == 413
    assert "bestanden tot 1 MB" in response.content.decode()
    upload.seek(0)
    response = client.post(_upload_url(world), {"bestand": upload}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 413 and "<html" not in body
    assert "Te veel tegelijk verstuurd" in body
    assert response["HX-Retarget"] == "#inhoud" and response["X-Zorgroute-Melding"] == "1"


def test_the_grid_of_a_large_class_stays_below_the_field_limit() -> None:
    """40 pupils × 30 domains, two fields per cell, plus the CSRF token."""
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS > 40 * 30 * 2 + 1
