"""Demo data for besprekingen: a closed groepsbespreking of the previous periode with verslag,
decisions, a prepared IZO aanmelding and open actions (one overdue), a planned groepsbespreking
next week with a teacher's question, and a bilateraal overleg on that agenda; deterministic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besprekingen.models import Actie, Besluit, Bespreking, Inbreng, Soort, Status, Verslagpunt
from besprekingen.selectors import open_bilaterale_overleggen
from izo_zat.models import Aanmelding
from tests.auth_helpers import log_in_demo_account
from zorgroute import demo
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from ..tenancy_helpers import commits_with_owner

SMALL = {"leerlingen": 60, "groepen_per_leerjaar": 2, "leerlingen_tweede_school": 12}


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def small_demo(db: None, today: dt.date) -> demo.DemoResult:
    return demo.generate_demo(seed=7, today=today, **SMALL)


def _linde() -> m.School:
    return m.School.objects.get(slug=demo.MAIN_SLUG)


def _snapshot() -> list[tuple[Any, ...]]:
    with tenant_context(_linde().pk):
        besprekingen = [
            (b.soort, b.status, b.datum, b.groep.naam, b.leerling.uuid if b.leerling else None)
            for b in Bespreking.objects.select_related("groep", "leerling").order_by(
                "datum", "soort"
            )
        ]
        besluiten = sorted(
            (b.soort, b.leerling.uuid, b.tekst) for b in Besluit.objects.select_related("leerling")
        )
        acties = sorted(
            (a.omschrijving, a.eigenaar.email, a.deadline)
            for a in Actie.objects.select_related("eigenaar")
        )
    return [*besprekingen, *besluiten, *acties]


def test_counts_and_the_meetings_of_the_mentors_class(
    small_demo: demo.DemoResult, today: dt.date
) -> None:
    counts = small_demo.counts
    for model in ("Bespreking", "Deelnemer", "Inbreng", "Verslagpunt", "Besluit", "Actie"):
        assert counts[model] > 0, model
    assert counts["Aanmelding"] == 1
    with tenant_context(_linde().pk):
        assert Bespreking.objects.count() == counts["Bespreking"] == 3
        gepland = Bespreking.objects.get(soort=Soort.GROEPSBESPREKING, status=Status.GEPLAND)
        assert today < gepland.datum <= today + dt.timedelta(days=9)
        assert gepland.groep.mentoraten.filter(gebruiker__email="mentor@de-linde.demo").exists()
        vraag = Inbreng.objects.get(bespreking=gepland)
        assert vraag.auteur.email == "docent@de-linde.demo"

        gesloten = Bespreking.objects.get(soort=Soort.GROEPSBESPREKING, status=Status.AFGESLOTEN)
        assert gesloten.datum < today and gesloten.samenvatting
        assert Verslagpunt.objects.filter(bespreking=gesloten).count() >= 5
        assert set(Besluit.objects.filter(bespreking=gesloten).values_list("soort", flat=True)) == {
            "afspraak",
            "izo",
        }
        aanmelding = Aanmelding.objects.select_related("besluit", "aanmelder").get()
        assert aanmelding.besluit.bespreking == gesloten
        assert aanmelding.aanmelder.email == "mentor@de-linde.demo"

        open_acties = Actie.objects.filter(status="open")
        eigenaren = set(open_acties.values_list("eigenaar__email", flat=True))
        assert {"mentor@de-linde.demo", "docent@de-linde.demo"} <= eigenaren
        te_laat = open_acties.filter(deadline__lt=today)
        assert te_laat.count() == 1 and te_laat.get().eigenaar.email == "docent@de-linde.demo"

        bilateraal = Bespreking.objects.get(soort=Soort.BILATERAAL)
        assert bilateraal in open_bilaterale_overleggen(gepland)


def test_the_mentor_opens_the_prepared_aanmelding_and_sees_the_actions(
    small_demo: demo.DemoResult, client: Client
) -> None:
    linde = _linde()
    with tenant_context(linde.pk):
        aanmelding = Aanmelding.objects.select_related("leerling").get()
    log_in_demo_account(client, "mentor@de-linde.demo")
    url = reverse("izo-aanmelding", kwargs={"school": linde.slug, "aanmelding_id": aanmelding.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert aanmelding.leerling.volledige_naam in page.content.decode()
    home = client.get(reverse("home", kwargs={"school": linde.slug})).content.decode()
    assert "IZO-aanmelding van" in home


@commits_with_owner
def test_same_seed_same_besprekingen(small_demo: demo.DemoResult, today: dt.date) -> None:
    first = _snapshot()
    demo.reset_demo()
    demo.generate_demo(seed=7, today=today, **SMALL)
    assert _snapshot() == first
