"""The demo has a jaarplanning for every cycle, so the demo mentor's home page shows a
to-do list and the jaarplanning page shows deadlines."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from planning.models import Cyclusplanning
from tests.auth_helpers import log_in_verified
from zorgroute import demo
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

SMALL = {"leerlingen": 60, "groepen_per_leerjaar": 2, "leerlingen_tweede_school": 12}


def test_demo_mentor_has_a_todo_list(db: None, client: Client) -> None:
    demo.generate_demo(seed=7, today=timezone.localdate(), **SMALL)
    school = m.School.objects.get(slug=demo.MAIN_SLUG)
    with tenant_context(school.pk):
        assert Cyclusplanning.objects.count() == m.Periode.objects.count() > 0
    log_in_verified(client, m.Gebruiker.objects.get(email=f"mentor@{demo.MAIN_SLUG}.demo"))
    home = client.get(f"/{school.slug}/").content.decode()
    assert "Mijn taken" in home
    takenlijst = client.get(f"/{school.slug}/taken/").content.decode()
    assert 'class="taak taak-' in takenlijst
    log_in_verified(client, m.Gebruiker.objects.get(email=f"schoolleider@{demo.MAIN_SLUG}.demo"))
    planning = client.get(f"/{school.slug}/jaarplanning/").content.decode()
    assert "/jaarplanning/cycli/" in planning  # the schoolleider can change it
