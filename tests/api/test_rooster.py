"""Roster in through the API, as an LVS sends a OneRoster export: schooljaren, vakken,
groepen, lesgroepen, leerlingen, medewerkers and plaatsingen, keyed by the client's ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from api.models import Externkoppeling
from tests.world import SchoolWorld
from zorgroute.beheer.services import NieuwAccount, uitnodiging_aannemen
from zorgroute.models import (
    Clusterplaatsing,
    Gebruiker,
    Groep,
    Lesgroep,
    Lesgroepdocent,
    Lidmaatschap,
    Medewerker,
    Mentoraat,
    Periode,
    Plaatsing,
    Rol,
    School,
    Schooljaar,
    Uitnodiging,
    Vak,
)
from zorgroute.tenancy.db import tenant_context

from .conftest import Api

pytestmark = pytest.mark.django_db

JAAR = {
    "sourcedId": "sj-27",
    "naam": "2027-2028",
    "startdatum": "2027-08-01",
    "einddatum": "2028-07-31",
}


def _export() -> list[tuple[str, list[dict[str, Any]]]]:
    """A small OneRoster-shaped export, in the order an LVS sends it."""
    return [
        ("schooljaren", [JAAR]),
        (
            "vakken",
            [
                {"sourcedId": "c-ne", "naam": "Nederlands", "afkorting": "ne27"},
                {"sourcedId": "c-bi", "naam": "Biologie", "afkorting": "bi27"},
            ],
        ),
        (
            "groepen",
            [
                {
                    "sourcedId": "k-1a",
                    "schooljaar": "sj-27",
                    "naam": "1A",
                    "leerjaar": 1,
                    "niveau": "havo",
                }
            ],
        ),
        (
            "lesgroepen",
            [
                {
                    "sourcedId": "l-1a-ne",
                    "schooljaar": "sj-27",
                    "vak": "c-ne",
                    "naam": "1A-ne",
                    "groep": "k-1a",
                },
                {"sourcedId": "l-bi-plus", "schooljaar": "sj-27", "vak": "c-bi", "naam": "bi+"},
            ],
        ),
        (
            "leerlingen",
            [
                {
                    "sourcedId": "u-1",
                    "voornaam": "Noor",
                    "achternaam": "Bakker",
                    "geboortedatum": "2015-02-03",
                    "eckId": "https://ketenid.nl/u-1",
                }
            ],
        ),
        (
            "medewerkers",
            [
                {
                    "sourcedId": "t-1",
                    "email": "J.Jansen@School.example",
                    "voornaam": "Jan",
                    "achternaam": "Jansen",
                    "afkorting": "JNS",
                }
            ],
        ),
        (
            "plaatsingen",
            [
                {"sourcedId": "e-1", "rol": "leerling", "leerling": "u-1", "groep": "k-1a"},
                {"sourcedId": "e-2", "rol": "leerling", "leerling": "u-1", "lesgroep": "l-bi-plus"},
                {"sourcedId": "e-3", "rol": "leerling", "leerling": "u-1", "lesgroep": "l-1a-ne"},
                {"sourcedId": "e-4", "rol": "docent", "medewerker": "t-1", "groep": "k-1a"},
                {"sourcedId": "e-5", "rol": "docent", "medewerker": "t-1", "lesgroep": "l-1a-ne"},
            ],
        ),
    ]


def _send(api: Api, path: str, rows: list[dict[str, Any]], **headers: str) -> Any:
    return api.post(f"{path}/", json.dumps({path: rows}), **headers)


def _accept_invitations(slug: str) -> int:
    """Every invited person of the school accepts (as through the link in the mail): a new
    medewerker can be enrolled only then."""
    school = School.objects.get(slug=slug)
    with tenant_context(school.pk):
        open_ = list(Uitnodiging.objects.filter(gebruikt_op__isnull=True))
        for uitnodiging in open_:
            account = NieuwAccount("Zelf", "", "Gekozen", "een-lang-eigen-wachtwoord-2027")
            uitnodiging_aannemen(uitnodiging=uitnodiging, account=account)
    return len(open_)


def _sync(api: Api) -> dict[str, dict[str, Any]]:
    answers = {}
    for path, rows in _export():
        response = _send(api, path, rows)
        assert response.status_code == 200, (path, response.content)
        answers[path] = response.json()
        if path == "medewerkers":
            _accept_invitations(api.slug)
    return answers


def _updated(in_school: Any, world: SchoolWorld) -> list[Any]:
    with in_school(world.school):
        return [
            sorted(model.objects.values_list("pk", "updated_at"))
            for model in (Schooljaar, Vak, Groep, Lesgroep, Plaatsing)
        ]


def test_a_oneroster_export_lands_as_the_roster(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    answers = _sync(api)
    assert answers["plaatsingen"] == {
        "opgeslagen": True,
        "rijen": 5,
        "aangemaakt": 4,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
        "overgeslagen": 1,  # the pupil in the lesgroep of a whole groep follows the groep
        "uitgenodigd": 0,
    }
    assert answers["medewerkers"]["uitgenodigd"] == 1
    with in_school(world.school):
        jaar = Schooljaar.objects.get(naam="2027-2028")
        groep = Groep.objects.get(schooljaar=jaar, naam="1A")
        assert (groep.leerjaar, groep.niveau) == (1, "havo")
        ne = Lesgroep.objects.get(schooljaar=jaar, naam="1A-ne")
        assert ne.groep == groep and ne.vak.afkorting == "ne27"
        cluster = Lesgroep.objects.get(schooljaar=jaar, naam="bi+")
        assert cluster.groep is None
        plaatsing = Plaatsing.objects.get(groep=groep)
        assert plaatsing.leerling.voornaam == "Noor"
        assert plaatsing.startdatum == jaar.startdatum  # no beginDate: the year's start
        assert list(Clusterplaatsing.objects.filter(lesgroep=cluster)) != []
        jan = Gebruiker.objects.get(email="j.jansen@school.example")
        assert jan.volledige_naam == "Zelf Gekozen"  # the person's own choice
        medewerker = Medewerker.objects.get(gebruiker=jan)
        assert (medewerker.volledige_naam, medewerker.afkorting) == ("Jan Jansen", "JNS")
        assert Lidmaatschap.objects.get(gebruiker=jan).rol == Rol.DOCENT
        assert Mentoraat.objects.filter(groep=groep, gebruiker=jan).exists()
        assert Lesgroepdocent.objects.filter(lesgroep=ne, gebruiker=jan).exists()
        assert Externkoppeling.objects.filter(bron="magister").count() == 11


def test_replaying_the_export_changes_nothing(api: Api, world: SchoolWorld, in_school: Any) -> None:
    _sync(api)
    before = _updated(in_school, world)
    answers = _sync(api)
    for path, rows in _export():
        body = answers[path]
        assert body["aangemaakt"] == body["bijgewerkt"] == 0, path
        if path != "leerlingen":
            assert body["ongewijzigd"] + body["overgeslagen"] == len(rows), path
    assert _updated(in_school, world) == before


def test_a_changed_groep_is_updated_and_keeps_its_mentors(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _sync(api)
    row = dict(_export()[2][1][0], naam="1A-havo", leerjaar=2)
    body = _send(api, "groepen", [row]).json()
    assert (body["bijgewerkt"], body["aangemaakt"]) == (1, 0)
    with in_school(world.school):
        groep = Groep.objects.get(naam="1A-havo")
        assert groep.leerjaar == 2
        assert [u.email for u in groep.mentoren.all()] == ["j.jansen@school.example"]


def test_a_moved_enrolment_replaces_the_old_link(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _sync(api)
    moved = {"sourcedId": "e-4", "rol": "docent", "medewerker": "t-1", "lesgroep": "l-bi-plus"}
    body = _send(api, "plaatsingen", [moved]).json()
    assert body["bijgewerkt"] == 1
    with in_school(world.school):
        jaar = Schooljaar.objects.get(naam="2027-2028")
        assert not Mentoraat.objects.filter(groep__schooljaar=jaar)
        assert Lesgroepdocent.objects.filter(
            lesgroep__naam="bi+", lesgroep__schooljaar__naam="2027-2028"
        )


def test_an_unknown_reference_names_the_row_and_saves_nothing(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _send(api, "schooljaren", [JAAR])
    rows = [
        {"sourcedId": "k-1", "schooljaar": "sj-27", "naam": "1B", "leerjaar": 1, "niveau": "vwo"},
        {"sourcedId": "k-2", "schooljaar": "sj-99", "naam": "1C", "leerjaar": 1, "niveau": "vwo"},
        {
            "sourcedId": "k-3",
            "schooljaar": "sj-27",
            "naam": "1D",
            "leerjaar": 1,
            "niveau": "vwo",
            "afdeling": "Bovenbouw Mars",
        },
    ]
    response = _send(api, "groepen", rows)
    assert response.status_code == 422
    fouten = response.json()["fouten"]
    assert [(f["index"], f["veld"]) for f in fouten] == [(1, "schooljaar"), (2, "afdeling")]
    assert "sj-99" in fouten[0]["reden"] and "schooljaren/" in fouten[0]["reden"]
    assert "Bovenbouw Mars" in fouten[1]["reden"]
    with in_school(world.school):
        assert not Groep.objects.filter(schooljaar__naam="2027-2028").exists()


def test_a_row_the_services_refuse_saves_nothing(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _sync(api)
    rows = [
        {"sourcedId": "c-ak", "naam": "Aardrijkskunde", "afkorting": "ak27"},
        {"sourcedId": "c-ne2", "naam": "Nederlands 2", "afkorting": "ne27"},  # taken
    ]
    response = _send(api, "vakken", rows)
    assert response.status_code == 422
    fouten = response.json()["fouten"]
    assert [f["index"] for f in fouten] == [1]
    assert "afkorting" in fouten[0]["reden"]
    with in_school(world.school):
        assert not Vak.objects.filter(afkorting="ak27").exists()


def test_a_second_plaatsing_in_the_same_time_is_refused_in_dutch(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _sync(api)
    _send(
        api,
        "groepen",
        [
            {
                "sourcedId": "k-1b",
                "schooljaar": "sj-27",
                "naam": "1B",
                "leerjaar": 1,
                "niveau": "vwo",
            }
        ],
    )
    row = {"sourcedId": "e-9", "rol": "leerling", "leerling": "u-1", "groep": "k-1b"}
    response = _send(api, "plaatsingen", [row])
    assert response.status_code == 422
    assert "al geplaatst in groep 1A" in response.json()["fouten"][0]["reden"]


def test_a_schooljaar_cannot_shrink_past_its_periodes(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    _send(api, "schooljaren", [JAAR])
    with in_school(world.school):
        jaar = Schooljaar.objects.get(naam="2027-2028")
        Periode.objects.create(
            school=world.school,
            schooljaar=jaar,
            naam="Cyclus 3",
            startdatum="2028-05-01",
            einddatum="2028-07-01",
        )
    response = _send(api, "schooljaren", [dict(JAAR, einddatum="2028-03-31")])
    assert response.status_code == 422
    assert "Cyclus 3" in response.json()["fouten"][0]["reden"]


def test_row_shape_errors_are_listed_per_row(api: Api) -> None:
    rows = [
        {"sourcedId": "e-1", "rol": "leerling", "groep": "k"},
        {"sourcedId": "e-2", "rol": "docent", "medewerker": "t", "groep": "k", "lesgroep": "l"},
        {"sourcedId": "e-2", "rol": "baas", "leerling": "u", "groep": "k"},
    ]
    response = _send(api, "plaatsingen", rows)
    assert response.status_code == 422
    velden = {(f["index"], f["veld"]) for f in response.json()["fouten"]}
    assert velden == {(0, "leerling"), (1, "groep"), (2, "rol")}


def test_duplicate_sourced_ids_in_one_batch_are_refused(api: Api) -> None:
    rows = [
        {"sourcedId": "c-x", "naam": "X", "afkorting": "x1"},
        {"sourcedId": "c-x", "naam": "Y", "afkorting": "y1"},
    ]
    response = _send(api, "vakken", rows)
    assert response.status_code == 422
    assert response.json()["fouten"][0]["index"] == 1


def test_an_account_of_another_school_is_invited_not_linked(
    api: Api, world: SchoolWorld, school_b: SchoolWorld, in_school: Any
) -> None:
    """School B's docent's address: invited like any new address; her account is neither
    linked, nor renamed, nor named in the answer."""
    other = school_b.users["docent"]
    naam = other.volledige_naam
    row = {
        "sourcedId": "t-9",
        "email": other.email.upper(),
        "voornaam": "Anders",
        "achternaam": "Genoemd",
    }
    response = _send(api, "medewerkers", [row])
    assert response.json()["uitgenodigd"] == 1
    assert other.voornaam not in response.content.decode()
    other.refresh_from_db()
    assert other.volledige_naam == naam and other.has_usable_password()
    with in_school(world.school):
        assert not Lidmaatschap.objects.filter(gebruiker=other).exists()
        assert Medewerker.objects.get(email=other.email).gebruiker is None
    changed = dict(row, email="nieuw@school.example")
    response = _send(api, "medewerkers", [changed])
    assert response.status_code == 422
    assert response.json()["fouten"][0]["veld"] == "email"


def test_an_invited_medewerker_is_enrolled_only_after_accepting(
    api: Api, world: SchoolWorld, in_school: Any
) -> None:
    for path, rows in _export():
        if path == "plaatsingen":
            break
        assert _send(api, path, rows).status_code == 200
    row = {"sourcedId": "e-4", "rol": "docent", "medewerker": "t-1", "groep": "k-1a"}
    response = _send(api, "plaatsingen", [row])
    assert response.status_code == 422
    [fout] = response.json()["fouten"]
    assert fout["veld"] == "medewerker"
    assert "nog niet aangenomen" in fout["reden"]
    assert _accept_invitations(world.school.slug) == 1
    assert _send(api, "plaatsingen", [row]).json()["aangemaakt"] == 1


def test_lists_show_the_clients_sourced_ids(api: Api) -> None:
    _sync(api)
    groepen = {g["naam"]: g for g in api.get("groepen/").json()["results"]}
    assert groepen["1A"]["sourcedId"] == "k-1a"
    assert groepen["1A"]["schooljaar"] == "2027-2028"
    medewerkers = {m["email"]: m for m in api.get("medewerkers/").json()["results"]}
    assert medewerkers["j.jansen@school.example"]["sourcedId"] == "t-1"
    assert len(medewerkers) > 1  # the world's staff too, without a sourcedId
    plaatsingen = api.get("plaatsingen/?ordering=-id").json()["results"]
    assert plaatsingen[0]["sourcedId"] == "e-1"


def test_another_clients_ids_are_its_own(
    api: Api, world: SchoolWorld, make_client: Any, client: Any
) -> None:
    _sync(api)
    _o, token = make_client(world, naam="SOMtoday", bron="somtoday")
    som = Api(client, token, world.school.slug)
    response = _send(
        som,
        "groepen",
        [
            {
                "sourcedId": "k-1a",
                "schooljaar": "sj-27",
                "naam": "1Z",
                "leerjaar": 1,
                "niveau": "vwo",
            }
        ],
    )
    assert response.status_code == 422  # sj-27 is Magister's id, not SOMtoday's
    groepen = {g["naam"]: g["sourcedId"] for g in som.get("groepen/").json()["results"]}
    assert groepen["1A"] is None


def _meer(path: str, n: int) -> list[dict[str, Any]]:
    """n more rows of a kind, on top of the export (for the query-count test)."""
    make: dict[str, Callable[[int], dict[str, Any]]] = {
        "schooljaren": lambda i: {
            "sourcedId": f"sj-{i}",
            "naam": f"{2030 + i}-{2031 + i}",
            "startdatum": f"{2030 + i}-08-01",
            "einddatum": f"{2031 + i}-07-31",
        },
        "vakken": lambda i: {"sourcedId": f"c-{i}", "naam": f"Vak {i}", "afkorting": f"v{i}"},
        "groepen": lambda i: {
            "sourcedId": f"k-{i}",
            "schooljaar": "sj-27",
            "naam": f"G{i}",
            "leerjaar": 2,
            "niveau": "vwo",
        },
        "lesgroepen": lambda i: {
            "sourcedId": f"l-{i}",
            "schooljaar": "sj-27",
            "vak": "c-ne",
            "naam": f"L{i}",
            "groep": "k-1a",
        },
        "medewerkers": lambda i: {
            "sourcedId": f"t-m{i}",
            "email": f"m{i}@school.example",
            "voornaam": "Mede",
            "achternaam": f"Werker {i}",
        },
        "plaatsingen": lambda i: {
            "sourcedId": f"e-m{i}",
            "rol": "docent",
            "medewerker": "t-1",
            "lesgroep": f"l-{i}",
        },
    }
    return [make[path](i) for i in range(n)]


#: As the care lists: the key and its client, the tenant settings, last-used, count, page.
LIST_QUERIES = 9
PADEN = ["schooljaren", "vakken", "groepen", "lesgroepen", "medewerkers", "plaatsingen"]


@pytest.mark.parametrize("pad", PADEN)
@pytest.mark.parametrize("extra", [1, 12])
def test_list_queries_do_not_grow_with_rows_or_page_size(
    api: Api, django_assert_num_queries: Any, pad: str, extra: int
) -> None:
    _sync(api)
    if pad == "plaatsingen":
        assert _send(api, "lesgroepen", _meer("lesgroepen", extra)).status_code == 200
    assert _send(api, pad, _meer(pad, extra)).status_code == 200
    for size in (10, 100):
        with django_assert_num_queries(LIST_QUERIES):
            assert api.get(f"{pad}/?page_size={size}").status_code == 200


def test_two_sourced_ids_for_one_account_are_refused(api: Api) -> None:
    rows = [
        {
            "sourcedId": f"t-{i}",
            "email": "dubbel@school.example",
            "voornaam": "D",
            "achternaam": "B",
        }
        for i in (1, 2)
    ]
    response = _send(api, "medewerkers", rows)
    assert response.status_code == 422
    assert response.json()["fouten"] == [
        {
            "index": 1,
            "veld": "sourcedId",
            "reden": "wijst naar hetzelfde object als rij 0 van deze batch.",
        }
    ]
