"""The change feed reports deletions (from the history tables), once, in time order with
the changes, under the same cursor and need-to-know; never another school's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from api import feed
from besprekingen.models import Bespreking
from groepsoverzicht.models import Groepsoverzicht, Onderwijsbehoefte
from groepsplan.models import Groepsplan
from tests.world import SchoolWorld

from .conftest import Api

pytestmark = pytest.mark.django_db


def _age_all(world: SchoolWorld, in_school: Any, moment: dt.datetime) -> None:
    with in_school(world.school):
        for model in (Groepsoverzicht, Onderwijsbehoefte, Groepsplan, Bespreking):
            model.objects.update(updated_at=moment)


def _overzicht(world: SchoolWorld, in_school: Any, when: dt.datetime) -> Groepsoverzicht:
    """A new overview of class 1B (nothing protects it from deletion)."""
    with in_school(world.school):
        obj = Groepsoverzicht.objects.create(
            school=world.school,
            groep=world.andere_groep,
            periode=world.periode,
            cyclus="A",
            aangemaakt_door=world.users["mentor"],
        )
        Groepsoverzicht.objects.filter(pk=obj.pk).update(updated_at=when)
    return obj


def _delete(world: SchoolWorld, in_school: Any, obj: Any, when: dt.datetime) -> int:
    """Delete `obj` and date its deletion (history row) at `when`; the history row's id."""
    model = type(obj)
    with in_school(world.school):
        pk = obj.pk
        obj.delete()
        row = model.history.get(id=pk, history_type="-")
        model.history.filter(pk=row.pk).update(history_date=when)
    obj.pk = pk  # Django clears it on delete; the tests still compare it
    return int(row.pk)


def _all(api: Api, limit: int = 100, since: str | None = None) -> tuple[list[Any], str]:
    """Page through the whole feed with `limit`; (items, last cursor)."""
    seen: list[Any] = []
    while True:
        query = f"wijzigingen/?limit={limit}" + (f"&since={since}" if since else "")
        body = api.get(query).json()
        seen += body["wijzigingen"]
        since = body["volgende"]
        if not body["meer"]:
            return seen, since


def test_deleted_overview_is_reported_once_in_order(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    now = timezone.now()
    _age_all(world, in_school, now - dt.timedelta(minutes=10))
    weg = _overzicht(world, in_school, now - dt.timedelta(minutes=5))
    with in_school(world.school):
        Groepsoverzicht.objects.filter(pk=world.go["overzicht"].pk).update(
            updated_at=now - dt.timedelta(minutes=2)
        )
    _delete(world, in_school, weg, now - dt.timedelta(minutes=3))

    items, volgende = _all(api)
    keys = [(w["soort"], w["id"], w["actie"]) for w in items]
    assert keys.count(("groepsoverzicht", weg.pk, "verwijderd")) == 1
    assert ("groepsoverzicht", weg.pk, "gewijzigd") not in keys  # gone from the live table
    # In time order: the deletion (3 minutes ago) before the change of 2 minutes ago.
    assert keys[-2:] == [
        ("groepsoverzicht", weg.pk, "verwijderd"),
        ("groepsoverzicht", world.go["overzicht"].pk, "gewijzigd"),
    ]
    assert [w["updated_at"] for w in items] == sorted(w["updated_at"] for w in items)
    # Not again after the cursor.
    assert api.get(f"wijzigingen/?since={volgende}").json()["wijzigingen"] == []


def test_a_fresh_deletion_is_held_back(api: Api, world: SchoolWorld, in_school: Any) -> None:
    now = timezone.now()
    _age_all(world, in_school, now - dt.timedelta(minutes=10))
    weg = _overzicht(world, in_school, now - dt.timedelta(minutes=5))
    _items, volgende = _all(api)
    with in_school(world.school):
        weg_id = weg.pk
        weg.delete()  # history_date is now: younger than the hold-back time
    assert api.get(f"wijzigingen/?since={volgende}").json()["wijzigingen"] == []
    with in_school(world.school):
        Groepsoverzicht.history.filter(history_type="-").update(
            history_date=now - dt.timedelta(seconds=1) - feed.WACHTTIJD
        )
    later = api.get(f"wijzigingen/?since={volgende}").json()["wijzigingen"]
    assert [(w["id"], w["actie"]) for w in later] == [(weg_id, "verwijderd")]


def test_cursor_paging_across_a_create_and_delete(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    """Changes and deletions at the very same moment page one by one without skipping or
    repeating anything, in one stable order."""
    now = timezone.now()
    same = now - dt.timedelta(minutes=4)
    _age_all(world, in_school, same)
    behoefte = world.go["behoefte"]
    weg = _overzicht(world, in_school, same)
    _delete(world, in_school, weg, same)
    with in_school(world.school):
        extra = Onderwijsbehoefte.objects.create(
            school=world.school, regel=behoefte.regel, soort="didactisch", behoefte="uitleg"
        )
        Onderwijsbehoefte.objects.filter(pk=extra.pk).update(updated_at=same)
    _delete(world, in_school, extra, same)

    full, _ = _all(api, limit=100)
    one_by_one, volgende = _all(api, limit=1)
    assert one_by_one == full
    keys = [(w["soort"], w["id"], w["actie"]) for w in full]
    assert len(keys) == len(set(keys))
    assert ("groepsoverzicht", weg.pk, "verwijderd") in keys
    assert ("onderwijsbehoefte", extra.pk, "verwijderd") in keys
    # Within one moment: by kind, changes before deletions.
    assert keys.index(("groepsoverzicht", world.go["overzicht"].pk, "gewijzigd")) < keys.index(
        ("groepsoverzicht", weg.pk, "verwijderd")
    )
    assert api.get(f"wijzigingen/?since={volgende}").json()["wijzigingen"] == []
    # A cursor of the first version of the feed (three parts, a change) still works.
    old = feed.cursor_encode((same, "groepsoverzicht", 0, world.go["overzicht"].pk))
    rest = api.get(f"wijzigingen/?since={old}").json()["wijzigingen"]
    assert [(w["soort"], w["id"], w["actie"]) for w in rest] == keys[
        keys.index(("groepsoverzicht", world.go["overzicht"].pk, "gewijzigd")) + 1 :
    ]


def test_only_closed_class_meetings_are_reported_deleted(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    now = timezone.now()
    _age_all(world, in_school, now - dt.timedelta(minutes=10))
    _items, volgende = _all(api)
    mentor = world.users["mentor"]
    common = {"school": world.school, "datum": world.periode.einddatum, "voorzitter": mentor}
    with in_school(world.school):
        gesloten = Bespreking.objects.create(
            soort="groep",
            groep=world.groep,
            groepsoverzicht=world.go["overzicht"],
            status="afgesloten",
            aangemaakt_door=mentor,
            **common,
        )
        gepland = Bespreking.objects.create(
            soort="groep",
            groep=world.groep,
            groepsoverzicht=world.go["overzicht"],
            aangemaakt_door=mentor,
            **common,
        )
        bilateraal = Bespreking.objects.create(
            soort="bilateraal",
            groep=world.groep,
            leerling=world.leerling,
            status="afgesloten",
            aangemaakt_door=mentor,
            **common,
        )
    for obj in (gesloten, gepland, bilateraal):
        _delete(world, in_school, obj, now - dt.timedelta(minutes=1))
    items = api.get(f"wijzigingen/?since={volgende}").json()["wijzigingen"]
    assert [(w["soort"], w["id"], w["actie"]) for w in items] == [
        ("bespreking", gesloten.pk, "verwijderd")
    ]


def test_other_schools_deletions_never_appear(
    api: Api, world: SchoolWorld, school_b: SchoolWorld, in_school: Any
) -> None:
    now = timezone.now()
    _age_all(world, in_school, now - dt.timedelta(minutes=10))
    andere = _overzicht(school_b, in_school, now - dt.timedelta(minutes=5))
    _delete(school_b, in_school, andere, now - dt.timedelta(minutes=4))
    eigen = _overzicht(world, in_school, now - dt.timedelta(minutes=5))
    _delete(world, in_school, eigen, now - dt.timedelta(minutes=4))
    items, _ = _all(api, limit=2)
    ids = {(w["id"], w["actie"]) for w in items if w["soort"] == "groepsoverzicht"}
    assert (eigen.pk, "verwijderd") in ids
    assert (andere.pk, "verwijderd") not in ids
    # On PostgreSQL, RLS covers the history tables too: school A's tenant cannot read B's
    # history rows even without a school filter.
    from django.db import connection

    if connection.vendor == "postgresql":
        with in_school(world.school):
            assert not Groepsoverzicht.history.filter(id=andere.pk).exists()
            assert Groepsoverzicht.history.filter(id=eigen.pk, history_type="-").exists()
    # The selector itself filters the history on the school (not only RLS does).
    with in_school(world.school):
        pagina = feed.wijzigingen(school_id=world.school.pk, since=None, limit=500)
    assert andere.pk not in {w.id for w in pagina.wijzigingen if w.actie == "verwijderd"}


def test_unknown_cursors_are_422(api: Api, world: SchoolWorld) -> None:
    import base64

    unknown = [
        "2026-01-01T00:00:00+00:00|izo|1",
        "2026-01-01T00:00:00+00:00|bespreking|1|x",
        "2026-01-01T00:00:00|bespreking|1",
    ]
    cursors = [base64.urlsafe_b64encode(u.encode()).decode().rstrip("=") for u in unknown]
    for raw in ["bm9wZQ", *cursors]:
        response = api.get(f"wijzigingen/?since={raw}")
        assert response.status_code == 422, response.content
    assert api.get("wijzigingen/?limit=501").status_code == 400
