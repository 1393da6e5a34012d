"""Anonymising a pupil (zorgroute.privacy.erasure): names put into free text (the pupil, a
parent, a classmate) are gone from every row about the pupil and from its history, the
pupil's full name is gone from other documents, and the access log keeps its rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from groepsoverzicht import models as go
from izo_zat import models as iz
from zorgroute import models as m
from zorgroute.privacy.dataklassen import DataKlasse
from zorgroute.privacy.erasure import leerling_anonimiseren, text_fields
from zorgroute.privacy.walk import pupil_models
from zorgroute.tenancy.tables import tenant_models

from .. import factories as f
from ..world import SchoolWorld

pytestmark = pytest.mark.django_db

KLASGENOOT = ("Lotte", "Vermeulen")
OUDER = "Marieke Jansen"


def _texts(rows: Any, model: type) -> list[str]:
    names = [name for name, _soort in text_fields(model)]
    return [v for values in rows.values_list(*names) for v in values if v] if names else []


def pupil_texts(leerling: m.Leerling) -> str:
    """Every text of every row about the pupil, history rows included."""
    return "\n".join(t for pm in pupil_models() for t in _texts(pm.rows(leerling), pm.model))


def school_rows_naming(name: str) -> dict[str, int]:
    found = {}
    for model in tenant_models():
        names = [n for n, _soort in text_fields(model)]
        if not names:
            continue
        q = Q()
        for n in names:
            q |= Q(**{f"{n}__icontains": name})
        if count := model._default_manager.filter(q).count():
            found[model._meta.label] = count
    return found


def _put_names_in(world: SchoolWorld) -> m.Leerling:
    """Names of the pupil, a parent and a classmate in Sanne's notes, OPP and consent,
    saved through the models so the history rows hold them too; and Sanne's full name in
    her class's group notes."""
    sanne = world.leerling
    klasgenoot = f.LeerlingFactory(
        school=world.school, voornaam=KLASGENOOT[0], achternaam=KLASGENOOT[1]
    )
    f.PlaatsingFactory(groep=world.groep, leerling=klasgenoot)
    tekst = (
        f"{sanne.voornaam} {sanne.achternaam} kreeg ruzie met {' '.join(KLASGENOOT)}. "
        f"Moeder {OUDER} belde; {sanne.voornaam} was verdrietig."
    )
    regel = world.go["regel"]
    assert regel.leerling_id == sanne.pk
    regel.observaties = tekst
    regel.save()
    opp = world.gp["opp"]
    opp.belemmerende_factoren = tekst
    opp.save()
    toestemming = world.izo["toestemming"]
    iz.Toestemming.objects.filter(pk=toestemming.pk).update(naam_gever=OUDER)
    overzicht = world.go["overzicht"]
    overzicht.aandachtspunten_groep = f"Let op {sanne.voornaam} {sanne.achternaam} en Kees."
    overzicht.save()
    return sanne


def test_erasure_removes_the_names_from_every_row_history_and_other_documents(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        sanne = _put_names_in(world)
        voornaam, achternaam = sanne.voornaam, sanne.achternaam
        for event in range(2):
            m.AccessEvent.objects.create(
                school=world.school,
                gebruiker=world.users["mentor"],
                leerling=sanne,
                pagina="leerling-detail",
                pad=f"/pad/{event}/",
            )
        events_before = list(m.AccessEvent.objects.filter(leerling=sanne).values_list("pk", "pad"))
        before = pupil_texts(sanne)
        for name in (voornaam, achternaam, *KLASGENOOT, OUDER):
            assert name in before

        verslag = leerling_anonimiseren(leerling=sanne, reden=f"Verzoek ouders {voornaam}")

        sanne.refresh_from_db()
        after = pupil_texts(sanne)
        for name in (voornaam, achternaam, *KLASGENOOT, "Marieke"):
            assert name not in after, name
        assert "[LEERLING]" in after
        assert school_rows_naming(achternaam) == {}
        # Sanne's first name survives only where it was never tied to her full name.
        assert "groepsoverzicht.Groepsoverzicht" not in school_rows_naming(voornaam)
        overzicht = go.Groepsoverzicht.objects.get(pk=world.go["overzicht"].pk)
        assert overzicht.aandachtspunten_groep == "Let op [LEERLING] en Kees."
        assert (sanne.voornaam, sanne.achternaam) == ("Leerling", str(sanne.pk))
        assert sanne.leerlingnummer == "" and sanne.geboortedatum.timetuple()[1:3] == (1, 1)
        assert not m.LeerlingExternId.objects.filter(leerling=sanne).exists()
        assert verslag.identiteit and verslag.per_model["groepsoverzicht.HistoricalOverzichtregel"]
        # The access log: every row kept, pointing at the anonymised pupil.
        events_after = list(m.AccessEvent.objects.filter(leerling=sanne).values_list("pk", "pad"))
        assert events_after == events_before
        anonimisering = m.Anonimisering.objects.get(leerling=sanne)
        assert voornaam not in anonimisering.reden


def test_erasure_is_idempotent(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        sanne = _put_names_in(world)
        leerling_anonimiseren(leerling=sanne, reden="Verzoek")
        snapshot = pupil_texts(sanne)
        again = leerling_anonimiseren(leerling=sanne, reden="Verzoek")
        assert again.per_model == {}
        assert pupil_texts(sanne) == snapshot
        assert m.Anonimisering.objects.filter(leerling=sanne).count() == 1


def test_one_data_class_leaves_the_others_and_the_identity(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        sanne = _put_names_in(world)
        verslag = leerling_anonimiseren(
            leerling=sanne, dataklassen=[DataKlasse.ZORGDOSSIER], reden="Bewaartermijn"
        )
        regel = go.Overzichtregel.objects.get(pk=world.go["regel"].pk)
        assert KLASGENOOT[1] not in regel.observaties and sanne.achternaam not in regel.observaties
        opp = type(world.gp["opp"]).objects.get(pk=world.gp["opp"].pk)
        assert sanne.achternaam in opp.belemmerende_factoren
        sanne.refresh_from_db()
        assert sanne.voornaam == "Sanne"
        assert not verslag.identiteit
        assert set(verslag.per_model) <= {
            pm.label
            for pm in pupil_models()
            if "groepsplan.Ontwikkelingsperspectief" not in pm.label
        }
