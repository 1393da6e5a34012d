"""A full 10,000-row results batch through the API: a replay changes nothing, one bad row
imports nothing and is named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from groepsoverzicht.models import Resultaat
from tests.world import SchoolWorld
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .conftest import Api

pytestmark = pytest.mark.django_db

N = 10_000


def _pupils(world: SchoolWorld) -> None:
    with tenant_context(world.school.pk):
        leerlingen = m.Leerling.objects.bulk_create(
            m.Leerling(
                school=world.school,
                voornaam="Kim",
                achternaam=f"R{i}",
                geboortedatum=dt.date(2013, 1, 1),
            )
            for i in range(N)
        )
        m.LeerlingExternId.objects.bulk_create(
            m.LeerlingExternId(
                school=world.school, leerling=ll, bron="magister", extern_id=f"r-{i}"
            )
            for i, ll in enumerate(leerlingen)
        )


def _batch(world: SchoolWorld) -> dict[str, Any]:
    waarden = ["I", "II", "III", "IV", "V"]
    return {
        "toetsmoment": world.go["toetsmoment"].pk,
        "rijen": [{"leerling": f"r-{i}", "waarden": {"BL": waarden[i % 5]}} for i in range(N)],
    }


def _state(world: SchoolWorld) -> tuple[int, Any]:
    with tenant_context(world.school.pk):
        rows = Resultaat.objects.filter(toetsmoment=world.go["toetsmoment"])
        return rows.count(), sorted(rows.values_list("pk", "waarde", "updated_at"))


def test_same_10000_row_batch_twice_changes_nothing(api: Api, world: SchoolWorld) -> None:
    _pupils(world)
    batch = _batch(world)
    first = api.post("resultaten/", batch)
    assert first.status_code == 200, first.content[:500]
    assert (first.json()["rijen"], first.json()["aangemaakt"]) == (N, N)
    count, rows = _state(world)
    second = api.post("resultaten/", batch)
    assert second.status_code == 200
    body = second.json()
    assert (body["rijen"], body["aangemaakt"], body["bijgewerkt"], body["ongewijzigd"]) == (
        N,
        0,
        0,
        N,
    )
    assert _state(world) == (count, rows)  # same rows, same updated_at


def test_one_bad_row_in_10000_imports_nothing_and_names_it(api: Api, world: SchoolWorld) -> None:
    _pupils(world)
    batch = _batch(world)
    batch["rijen"][7777]["waarden"]["BL"] = "VI"
    before = _state(world)
    response = api.post("resultaten/", batch)
    assert response.status_code == 422
    fouten = response.json()["fouten"]
    assert [(f["index"], f["veld"]) for f in fouten] == [(7777, "waarden.BL")]
    assert "VI" in fouten[0]["reden"]
    assert _state(world) == before
