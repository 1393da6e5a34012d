"""Inzage and export (zorgroute.privacy.export): every model with a pupil reference is
exported or excluded with a reason; the JSON holds the pupil's records, history and access
log; the PDF is logged; a correction through the normal screens shows in history and export;
after an erasure the export holds no name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from zorgroute import models as m
from zorgroute.privacy.dataklassen import (
    DATAKLASSE_VAN_MODEL,
    NIET_GEANONIMISEERD,
    recorded_model,
)
from zorgroute.privacy.erasure import leerling_anonimiseren
from zorgroute.privacy.export import EXPORT_UITGESLOTEN, exported_labels, leerling_export
from zorgroute.privacy.walk import pupil_models, referencing_models

from ..world import SchoolWorld

pytestmark = pytest.mark.django_db


def test_every_model_with_a_pupil_reference_is_exported_or_excluded_with_a_reason() -> None:
    exported = exported_labels()
    missing = []
    for model in referencing_models():
        label = model._meta.label
        if label in exported:
            continue
        reason = EXPORT_UITGESLOTEN.get(recorded_model(model)._meta.label, "")
        if len(reason) < 20:
            missing.append(label)
    assert missing == []
    # An exclusion that no longer matches a model is stale.
    referencing = {recorded_model(mdl)._meta.label for mdl in referencing_models()}
    assert set(EXPORT_UITGESLOTEN) <= referencing


def test_every_exported_model_has_a_data_class_or_a_reason_to_be_left_alone() -> None:
    for pm in pupil_models():
        label = recorded_model(pm.model)._meta.label
        assert label in DATAKLASSE_VAN_MODEL or label in NIET_GEANONIMISEERD, label
    known = {pm.label for pm in pupil_models()}
    assert set(DATAKLASSE_VAN_MODEL) <= known


def _json(response: Any) -> dict[str, Any]:
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_the_json_export_holds_records_history_and_the_access_log(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    sanne = world.leerling
    detail = reverse(
        "leerling-detail", kwargs={"school": world.school.slug, "leerling_uuid": sanne.uuid}
    )
    assert client.get(detail).status_code == 200
    url = reverse(
        "avg-export-json", kwargs={"school": world.school.slug, "leerling_uuid": sanne.uuid}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = _json(response)
    assert data["leerling"]["voornaam"] == sanne.voornaam
    modellen = data["modellen"]
    # Her row in the overview, her OPP and IHP, her consent, with their history.
    for label in (
        "groepsoverzicht.Overzichtregel",
        "groepsoverzicht.HistoricalOverzichtregel",
        "groepsplan.Ontwikkelingsperspectief",
        "groepsplan.Handelingsplan",
        "izo_zat.Toestemming",
        "zorgroute.Plaatsing",
        "zorgroute.AccessEvent",
    ):
        assert modellen[label]["records"], label
    # Foreign keys as readable names.
    plaatsing = modellen["zorgroute.Plaatsing"]["records"][0]
    assert plaatsing["groep"] == world.groep.naam and plaatsing["leerling"] == sanne.volledige_naam
    events = modellen["zorgroute.AccessEvent"]["records"]
    assert {e["pagina"] for e in events} >= {"leerling-detail"}
    # Nothing of another pupil.
    assert world.andere_leerling.achternaam not in json.dumps(data)
    with in_school(world.school):
        # The export itself was logged as a read of Sanne.
        assert m.AccessEvent.objects.filter(leerling=sanne, pagina="avg-export-json").count() == 1


def test_the_pdf_export_is_readable_dutch_and_logged(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("beheerder")
    sanne = world.leerling
    url = reverse(
        "avg-export-pdf", kwargs={"school": world.school.slug, "leerling_uuid": sanne.uuid}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with in_school(world.school):
        assert m.AccessEvent.objects.filter(
            leerling=sanne, pagina="avg-export-pdf", gebruiker=world.users["beheerder"]
        ).exists()


def test_a_correction_through_the_normal_screen_shows_in_history_and_export(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("beheerder")
    sanne = world.leerling
    url = reverse(
        "beheer-leerling-update", kwargs={"school": world.school.slug, "leerling_uuid": sanne.uuid}
    )
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["voornaam"] = "Susanne"
    data["geboortedatum"] = sanne.geboortedatum.isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    with in_school(world.school):
        sanne.refresh_from_db()
        assert sanne.voornaam == "Susanne"
        export = leerling_export(sanne)
    history = export["modellen"]["zorgroute.HistoricalLeerling"]["records"]
    assert {"Sanne", "Susanne"} <= {h["voornaam"] for h in history}
    assert export["leerling"]["voornaam"] == "Susanne"


def test_after_an_erasure_the_export_holds_no_name(world: SchoolWorld, in_school: Any) -> None:
    achternaam = world.leerling.achternaam
    with in_school(world.school):
        sanne = world.leerling
        regel = world.go["regel"]
        regel.observaties = f"{sanne.voornaam} {sanne.achternaam} en haar moeder Marieke de Wit."
        regel.save()
        leerling_anonimiseren(leerling=sanne, reden="Verzoek van de ouders")
        sanne.refresh_from_db()
        text = json.dumps(leerling_export(sanne), ensure_ascii=False)
    for name in ("Sanne", achternaam, "Marieke", "de Wit"):
        assert name not in text, name
    assert f"Leerling {sanne.pk}" in text
