"""The API through HTTP: authentication, scopes, tenancy, each endpoint, errors."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from groepsoverzicht.models import Resultaat
from tests.world import SchoolWorld
from zorgroute.integrations.services import apiclient_revoke
from zorgroute.models import AccessEvent, ApiClient, ApiScope, Leerling, LeerlingExternId

from .conftest import Api

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = json.loads(response.content)
    assert body["status"] == status and body["title"]
    return body


def _extern(world: SchoolWorld, in_school: Any, leerling: Leerling, extern_id: str) -> None:
    with in_school(world.school):
        LeerlingExternId.objects.create(
            school=world.school, leerling=leerling, bron="magister", extern_id=extern_id
        )


def _pupil(sid: str, **extra: Any) -> dict[str, Any]:
    return {
        "sourcedId": sid,
        "voornaam": "Lotte",
        "achternaam": "de Vries",
        "geboortedatum": "2013-04-01",
        "eckId": f"https://ketenid.nl/{sid}",
        **extra,
    }


# --- authentication, tenancy, scopes -------------------------------------------------------


def test_missing_token_gives_401_problem(client: Any, world: SchoolWorld) -> None:
    response = client.get(f"/api/v1/{world.school.slug}/leerlingen/")
    body = _problem(response, 401)
    assert "Authorization" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "no-store" in response["Cache-Control"]


def test_wrong_secret_and_revoked_key_give_401(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    good = api.token
    api.token = good[:-4] + "AAAA"
    _problem(api.get("leerlingen/"), 401)
    api.token = "zr_nonsense"
    _problem(api.get("leerlingen/"), 401)
    api.token = good
    assert api.get("leerlingen/").status_code == 200
    with in_school(world.school):
        apiclient_revoke(client=ApiClient.objects.get(naam="Magister"))
    _problem(api.get("leerlingen/"), 401)


def test_client_of_school_a_gets_404_at_school_b(
    api: Api, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    _problem(api.get("leerlingen/", slug=school_b.school.slug), 404)
    _problem(api.get("leerlingen/", slug="bestaat-niet"), 404)


def test_scope_is_enforced(client: Any, world: SchoolWorld, make_client: Any) -> None:
    _obj, token = make_client(world, scopes=[ApiScope.CARE_READ])
    api = Api(client, token, world.school.slug)
    body = _problem(api.post("resultaten/", {"toetsmoment": 1, "rijen": []}), 403)
    assert "results:write" in body["detail"]
    _problem(api.get("leerlingen/"), 403)
    assert api.get("groepsplannen/").status_code == 200


def test_last_used_date_is_recorded(api: Api, world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        assert ApiClient.objects.get(naam="Magister").laatst_gebruikt_op is None
    api.get("periodes/")
    with in_school(world.school):
        assert ApiClient.objects.get(naam="Magister").laatst_gebruikt_op is not None


def test_rate_limit_gives_429_with_retry_after(
    client: Any, world: SchoolWorld, make_client: Any
) -> None:
    _obj, token = make_client(world, max_per_minuut=2)
    api = Api(client, token, world.school.slug)
    assert api.get("periodes/").status_code == 200
    assert api.get("periodes/").status_code == 200
    response = api.get("periodes/")
    _problem(response, 429)
    assert int(response["Retry-After"]) >= 1


def test_schema_and_docs_are_public(client: Any, db: None) -> None:
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/{school}/resultaten/" in json.loads(schema.content)["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


# --- roster: leerlingen --------------------------------------------------------------------


def test_leerlingen_upsert_create_replay_update(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    batch = {"leerlingen": [_pupil("m-1"), _pupil("m-2", voornaam="Noah")]}
    response = api.post("leerlingen/", batch)
    assert response.status_code == 200, response.content
    assert response.json() | {} == {
        "opgeslagen": True,
        "rijen": 2,
        "aangemaakt": 2,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
    }
    with in_school(world.school):
        noah = Leerling.objects.get(externe_ids__extern_id="m-2")
        before = noah.updated_at
    assert api.post("leerlingen/", batch).json()["ongewijzigd"] == 2
    with in_school(world.school):
        assert Leerling.objects.get(pk=noah.pk).updated_at == before
    batch["leerlingen"][1]["achternaam"] = "Jansen"
    assert api.post("leerlingen/", batch).json()["bijgewerkt"] == 1
    listed = api.get("leerlingen/?ordering=achternaam").json()
    sids = {r["sourcedId"] for r in listed["results"]}
    assert {"m-1", "m-2"} <= sids
    assert listed["count"] == 4  # the world's two pupils (no sourcedId yet) and ours


def test_leerlingen_bad_row_saves_nothing_and_is_named(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    batch = {"leerlingen": [_pupil("m-1"), _pupil("m-2", geboortedatum="2099-01-01")]}
    body = _problem(api.post("leerlingen/", batch), 422)
    assert body["fouten"] == [
        {"index": 1, "veld": "geboortedatum", "reden": "De geboortedatum ligt in de toekomst."}
    ]
    with in_school(world.school):
        assert not LeerlingExternId.objects.exists()
    body = _problem(api.post("leerlingen/", {"leerlingen": [{"sourcedId": "x"}]}), 422)
    assert {f["veld"] for f in body["fouten"]} == {"voornaam", "achternaam", "geboortedatum"}
    _problem(api.post("leerlingen/", {"leerlingen": "nee"}), 400)


def test_leerling_etag_if_match(api: Api, world: SchoolWorld, in_school: Any) -> None:
    _extern(world, in_school, world.leerling, "m-9")
    response = api.get("leerlingen/m-9/")
    assert response.status_code == 200
    etag = response["ETag"]
    assert response.json()["sourcedId"] == "m-9"
    data = _pupil("m-9", voornaam="Sanna")
    del data["sourcedId"]
    _problem(api.put("leerlingen/m-9/", data), 428)
    _problem(api.put("leerlingen/m-9/", data, **{"If-Match": '"2001-01-01T00:00:00"'}), 412)
    saved = api.put("leerlingen/m-9/", data, **{"If-Match": etag})
    assert saved.status_code == 200, saved.content
    assert saved.json()["voornaam"] == "Sanna"
    assert saved["ETag"] != etag
    _problem(api.put("leerlingen/m-9/", data, **{"If-Match": etag}), 412)
    _problem(api.get("leerlingen/onbekend/"), 404)


# --- results -------------------------------------------------------------------------------


def test_toetsmomenten_list(api: Api, world: SchoolWorld) -> None:
    results = api.get("toetsmomenten/").json()["results"]
    assert results == [
        {
            "id": world.go["toetsmoment"].pk,
            "naam": "M1",
            "datum": world.go["toetsmoment"].datum.isoformat(),
            "instrument": "Cito VAS",
            "soort": "basis",
            "schaal": "niveau_i_v",
            "domeinen": ["BL"],
            "updated_at": results[0]["updated_at"],
        }
    ]


def _results(world: SchoolWorld, rijen: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"toetsmoment": world.go["toetsmoment"].pk, "rijen": rijen, **extra}


def test_resultaten_import_replay_and_idempotency_key(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _extern(world, in_school, world.leerling, "m-1")
    _extern(world, in_school, world.andere_leerling, "m-2")
    batch = _results(
        world,
        [{"leerling": "m-1", "waarden": {"BL": "II"}}, {"leerling": "m-2", "waarden": {"BL": "V"}}],
    )
    first = api.post("resultaten/", batch, **{"Idempotency-Key": "batch-1"})
    assert first.status_code == 200, first.content
    assert first.json() | {} == {
        "opgeslagen": True,
        "rijen": 2,
        "aangemaakt": 1,
        "bijgewerkt": 1,
        "ongewijzigd": 0,
        "verwijderd": 0,
        "overgeslagen_rijen": 0,
        "fouten": [],
    }
    again = api.post("resultaten/", batch, **{"Idempotency-Key": "batch-1"})
    assert again.json() == first.json()
    assert again["Idempotency-Replayed"] == "true"
    replay = api.post("resultaten/", batch).json()
    assert (replay["aangemaakt"], replay["bijgewerkt"], replay["ongewijzigd"]) == (0, 0, 2)
    other = _results(world, [{"leerling": "m-1", "waarden": {"BL": "I"}}])
    _problem(api.post("resultaten/", other, **{"Idempotency-Key": "batch-1"}), 422)
    with in_school(world.school):
        assert Resultaat.objects.get(leerling=world.leerling).waarde == "II"


def test_resultaten_bad_row_saves_nothing_unless_valid_rows_only(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _extern(world, in_school, world.andere_leerling, "m-2")
    rijen = [
        {"leerling": "m-2", "waarden": {"BL": "V"}},
        {"leerling": "onbekend", "waarden": {"BL": "V"}},
        {"leerling": "m-2", "waarden": {"BL": 7}},
    ]
    body = _problem(api.post("resultaten/", _results(world, rijen[:2])), 422)
    assert [(f["index"], f["veld"]) for f in body["fouten"]] == [(1, "leerling")]
    assert body["opgeslagen"] is False
    with in_school(world.school):
        assert not Resultaat.objects.filter(leerling=world.andere_leerling).exists()
    body = _problem(api.post("resultaten/", _results(world, [rijen[2]])), 422)
    assert body["fouten"][0]["veld"] == "waarden.BL"
    ok = api.post("resultaten/", _results(world, rijen[:2], alleen_geldige=True)).json()
    assert (ok["aangemaakt"], ok["overgeslagen_rijen"]) == (1, 1)
    assert [f["index"] for f in ok["fouten"]] == [1]
    unknown_column = _results(world, [{"leerling": "m-2", "waarden": {"XX": "V"}}])
    body = _problem(api.post("resultaten/", unknown_column), 422)
    assert body["fouten"][0]["index"] == 0 and body["fouten"][0]["veld"] == "waarden.XX"
    _problem(api.post("resultaten/", {"toetsmoment": 999999, "rijen": rijen}), 422)
    _problem(api.post("resultaten/", {"toetsmoment": "x"}), 400)
    _problem(api.post("resultaten/", [1, 2]), 400)


# --- care data out -------------------------------------------------------------------------


def test_groepsoverzichten_and_filters(api: Api, world: SchoolWorld) -> None:
    body = api.get(f"groepsoverzichten/?groep={world.groep.pk}").json()
    assert [o["id"] for o in body["results"]] == [world.go["overzicht"].pk]
    item = body["results"][0]
    assert item["groep"] == {"id": world.groep.pk, "naam": "1A"}
    assert item["signaleringen"][0]["leerling"] == str(world.leerling.uuid)
    assert "bijzonderheden" not in json.dumps(body)
    assert api.get(f"groepsoverzichten/?groep={world.andere_groep.pk}").json()["count"] == 0
    assert api.get("groepsoverzichten/?updated_since=2999-01-01T00:00:00Z").json()["count"] == 0
    bad = _problem(api.get("groepsoverzichten/?updated_since=gisteren"), 400)
    assert bad["fouten"][0]["veld"] == "updated_since"
    _problem(api.get("groepsoverzichten/?groep=abc"), 400)


def test_onderwijsbehoeften_are_logged_as_access(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    body = api.get(f"onderwijsbehoeften/?periode={world.periode.pk}").json()
    assert [b["id"] for b in body["results"]] == [world.go["behoefte"].pk]
    assert body["results"][0]["leerling"]["uuid"] == str(world.leerling.uuid)
    with in_school(world.school):
        event = AccessEvent.objects.get(leerling=world.leerling)
    assert event.namens == "API-client Magister"
    assert event.gebruiker == world.users["beheerder"]


def test_groepsplannen_with_evaluations(api: Api, world: SchoolWorld) -> None:
    body = api.get("groepsplannen/").json()
    assert [p["id"] for p in body["results"]] == [world.gp["plan"].pk]
    plangroepen = body["results"][0]["plangroepen"]
    assert any(pg["doelen"] for pg in plangroepen)


def test_besprekingen_only_closed_class_meetings(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    from besprekingen.models import Bespreking

    assert api.get("besprekingen/").json()["count"] == 0
    with in_school(world.school):
        Bespreking.objects.filter(pk=world.bs["bespreking"].pk).update(
            status="afgesloten", samenvatting="Afspraken over 1A."
        )
        bilateraal = world.bs["bilateraal"]
        Bespreking.objects.filter(pk=bilateraal.pk).update(status="afgesloten")
    body = api.get("besprekingen/").json()
    assert [b["id"] for b in body["results"]] == [world.bs["bespreking"].pk]
    assert body["results"][0]["samenvatting"] == "Afspraken over 1A."


def test_no_izo_zat_in_the_schema(client: Any, db: None) -> None:
    schema = client.get("/api/v1/schema/?format=json").content.decode().lower()
    for word in ("izo", "zat", "traject", "aanmelding", "toestemming", "bijzonderheden"):
        assert not re.search(rf"\b{word}", schema), word


def _age(world: SchoolWorld, in_school: Any, seconds: int = 60) -> None:
    """Move the care objects' updated_at into the past (the feed holds back fresh ones)."""
    import datetime as dt

    from django.utils import timezone

    from groepsoverzicht.models import Groepsoverzicht, Onderwijsbehoefte
    from groepsplan.models import Groepsplan

    past = timezone.now() - dt.timedelta(seconds=seconds)
    with in_school(world.school):
        for model in (Groepsoverzicht, Onderwijsbehoefte, Groepsplan):
            model.objects.update(updated_at=past)


def test_change_feed_with_cursor(api: Api, world: SchoolWorld, in_school: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from groepsoverzicht.models import Onderwijsbehoefte

    _age(world, in_school)
    with in_school(world.school):  # a change of the last seconds is held back
        Onderwijsbehoefte.objects.update(updated_at=timezone.now() + dt.timedelta(minutes=5))
    fresh = api.get("wijzigingen/").json()["wijzigingen"]
    assert ("onderwijsbehoefte", world.go["behoefte"].pk) not in {
        (w["soort"], w["id"]) for w in fresh
    }
    _age(world, in_school)
    body = api.get("wijzigingen/?limit=2").json()
    assert len(body["wijzigingen"]) == 2 and body["meer"] is True
    rest = api.get(f"wijzigingen/?since={body['volgende']}").json()
    seen = body["wijzigingen"] + rest["wijzigingen"]
    assert {(w["soort"], w["id"]) for w in seen} == {
        ("groepsoverzicht", world.go["overzicht"].pk),
        ("onderwijsbehoefte", world.go["behoefte"].pk),
        ("groepsplan", world.gp["plan"].pk),
    }
    assert rest["meer"] is False
    again = api.get(f"wijzigingen/?since={rest['volgende']}").json()
    assert again["wijzigingen"] == [] and again["volgende"] == rest["volgende"]
    with in_school(world.school):
        Onderwijsbehoefte.objects.update(updated_at=timezone.now() - dt.timedelta(seconds=10))
    changed = api.get(f"wijzigingen/?since={rest['volgende']}").json()["wijzigingen"]
    assert [(w["soort"], w["id"]) for w in changed] == [
        ("onderwijsbehoefte", world.go["behoefte"].pk)
    ]
    _problem(api.get("wijzigingen/?since=bm9wZQ"), 422)
    _problem(api.get("wijzigingen/?limit=0"), 400)
