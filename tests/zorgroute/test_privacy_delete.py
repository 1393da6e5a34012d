"""Deleting a pupil (zorgroute.privacy.services.leerling_verwijderen) and a whole school
(`manage.py school_verwijderen`) on PostgreSQL, as the roles that do it: the pupil as the
application role inside the school's tenant (PROTECTed care rows, history rows, same-school
keys, row-level security), the school as the owner."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zorgroute import models as m
from zorgroute.privacy.services import leerling_verwijderen
from zorgroute.privacy.walk import pupil_models
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.tables import tenant_models

from ..tenancy_helpers import commits_with_owner
from ..world import SchoolWorld


def _rows_about(leerling: m.Leerling) -> dict[str, int]:
    return {
        pm.label: n
        for pm in pupil_models()
        if pm.label != "zorgroute.AccessEvent" and (n := pm.rows(leerling).count())
    }


@pytest.mark.django_db
def test_a_pupil_with_a_full_dossier_is_deleted_with_its_history(
    world: SchoolWorld, in_school: Any
) -> None:
    assert connection.vendor == "postgresql"
    with in_school(world.school):
        sanne = world.leerling
        m.AccessEvent.objects.create(
            school=world.school,
            gebruiker=world.users["mentor"],
            leerling=sanne,
            pagina="x",
            pad="/x/",
        )
        before = _rows_about(sanne)
        # Her overview row, IHP, OPP, aanmelding, consent, besluit: PROTECTed references.
        assert {
            "groepsoverzicht.Overzichtregel",
            "groepsplan.Handelingsplan",
            "groepsplan.Ontwikkelingsperspectief",
            "izo_zat.Aanmelding",
            "izo_zat.Toestemming",
            "besprekingen.Besluit",
        } <= set(before)
        andere_before = _rows_about(world.andere_leerling)
        overzicht_id = world.go["overzicht"].pk

        deleted = leerling_verwijderen(leerling=sanne)

        assert not m.Leerling.objects.filter(pk=sanne.pk).exists()
        assert _rows_about(sanne) == {}
        assert deleted["zorgroute.Leerling"] == 1
        assert deleted["groepsoverzicht.HistoricalOverzichtregel"] >= 1
        history = m.Leerling.history.model
        assert not history.objects.filter(id=sanne.pk).exists()
        # The access log keeps its rows; the class's documents and Daan's dossier stay.
        assert m.AccessEvent.objects.filter(leerling_id=sanne.pk).count() >= 1
        assert _rows_about(world.andere_leerling) == andere_before
        from groepsoverzicht.models import Groepsoverzicht

        assert Groepsoverzicht.objects.filter(pk=overzicht_id).exists()
    # The deferred foreign keys (Django's and the same-school keys) hold at commit.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@commits_with_owner
def test_school_verwijderen_deletes_one_school_and_nothing_of_another(
    school_a: SchoolWorld, school_b: SchoolWorld
) -> None:
    slug = school_a.school.slug
    with pytest.raises(CommandError, match="Niet bevestigd"):
        call_command("school_verwijderen", slug, bevestig="verkeerd")
    assert m.School.objects.filter(slug=slug).exists()

    def counts(school: m.School) -> dict[str, int]:
        with tenant_context(school.pk):
            return {
                mdl._meta.label: n
                for mdl in tenant_models()
                if (n := mdl._base_manager.filter(school_id=school.pk).count())
            }

    b_before = counts(school_b.school)
    assert counts(school_a.school)["zorgroute.Leerling"] == 2
    call_command("school_verwijderen", slug, bevestig=slug)
    assert not m.School.objects.filter(slug=slug).exists()
    assert counts(school_b.school) == b_before
    with tenant_context(school_a.school.pk):
        assert all(
            not mdl._base_manager.filter(school_id=school_a.school.pk).exists()
            for mdl in tenant_models()
        )
