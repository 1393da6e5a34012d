"""Demo data for the IZO and the ZAT (izo_zat.demo): last week's closed IZO with a report,
a referral to the ZAT shared with the demo ZAT-lid, next week's IZO with a pupil on the
shortened route; what the personas see; the same data for the same seed and day."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from izo_zat.models import IzoVerslag, Traject, TrajectGrant, Zatcasus, Zorgoverleg
from tests.auth_helpers import log_in_verified
from zorgroute import demo
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from ..tenancy_helpers import commits_with_owner

SMALL = {"leerlingen": 60, "groepen_per_leerjaar": 2, "leerlingen_tweede_school": 12}


@pytest.fixture
def small_demo(db: None) -> demo.DemoResult:
    return demo.generate_demo(seed=7, today=timezone.localdate(), **SMALL)


def _linde() -> m.School:
    return m.School.objects.get(slug=demo.MAIN_SLUG)


def _snapshot() -> list[Any]:
    with tenant_context(_linde().pk):
        return [
            sorted(Traject.objects.values_list("leerling__uuid", "route", "izo_datum")),
            sorted(Zorgoverleg.objects.values_list("soort", "datum", "status")),
            sorted(Zatcasus.objects.values_list("traject__leerling__uuid", "vraag")),
        ]


def test_the_zorgteam_demo(small_demo: demo.DemoResult, client: Client) -> None:
    linde = _linde()
    with tenant_context(linde.pk):
        assert Zorgoverleg.objects.filter(soort="izo", status="afgesloten").count() == 1
        assert Zorgoverleg.objects.filter(soort="izo", status="gepland").count() == 1
        assert Zorgoverleg.objects.filter(soort="zat", status="gepland").count() == 1
        verslag = IzoVerslag.objects.select_related("traject__leerling").get()
        casus = Zatcasus.objects.get()
        assert casus.traject_id == verslag.traject_id
        grant = TrajectGrant.objects.select_related("user").get()
        assert grant.user.email == f"zat@{linde.slug}.demo"
        naam = verslag.traject.leerling.volledige_naam
    slug = linde.slug
    zat = m.Gebruiker.objects.get(email=f"zat@{slug}.demo")
    log_in_verified(client, zat)
    lijst = client.get(reverse("zat-casus-list", kwargs={"school": slug})).content.decode()
    assert naam in lijst
    page = client.get(reverse("zat-casus", kwargs={"school": slug, "zatcasus_id": casus.pk}))
    assert page.status_code == 200
    # The mentor reads the closed IZO's report and has the advice waiting on the home page.
    log_in_verified(client, m.Gebruiker.objects.get(email=f"mentor@{slug}.demo"))
    lezen = client.get(
        reverse("izo-verslag-detail", kwargs={"school": slug, "verslag_id": verslag.pk})
    )
    assert lezen.status_code == 200
    home = client.get(reverse("home", kwargs={"school": slug})).content.decode()
    assert "Handelingsadviezen om over te nemen" in home


@commits_with_owner
def test_same_seed_same_day_same_zorgteam_data() -> None:
    demo.generate_demo(seed=7, today=timezone.localdate(), **SMALL)
    eerste = _snapshot()
    demo.reset_demo()
    demo.generate_demo(seed=7, today=timezone.localdate(), **SMALL)
    assert _snapshot() == eerste
