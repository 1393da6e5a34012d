"""The demo has ambities and evaluated goals, so the demo schoolleider's dashboard shows
results against the ambities and goals reached."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from opbrengsten.models import Ambitie
from tests.auth_helpers import log_in_verified
from zorgroute import demo
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

SMALL = {"leerlingen": 60, "groepen_per_leerjaar": 2, "leerlingen_tweede_school": 12}


def test_demo_schoolleider_sees_the_dashboard_with_ambities(db: None, client: Client) -> None:
    demo.generate_demo(seed=7, today=timezone.localdate(), **SMALL)
    school = m.School.objects.get(slug=demo.MAIN_SLUG)
    with tenant_context(school.pk):
        assert Ambitie.objects.filter(soort="toets").exists()
        assert Ambitie.objects.filter(soort="doelen").exists()
    log_in_verified(client, m.Gebruiker.objects.get(email=f"schoolleider@{demo.MAIN_SLUG}.demo"))
    home = client.get(f"/{school.slug}/").content.decode()
    assert f"/{school.slug}/opbrengsten/" in home
    page = client.get(f"/{school.slug}/opbrengsten/")
    assert page.status_code == 200
    tekst = page.content.decode()
    assert "Op of boven het niveau van de ambitie" in tekst  # the toets chart has data
    assert "Ambities instellen" in tekst
