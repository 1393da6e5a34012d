"""Shared steps for the IZO/ZAT tests: Sanne's aanmelding accepted into a traject, an IZO
planned and her report written, all through the services (the views are tested apart)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from izo_zat.aanmelding.services import aanmelding_indienen, triage_besluiten
from izo_zat.models import Aanmelding, IzoVerslag, Traject, Zorgoverleg
from izo_zat.overleg.services import izo_verslag_update, overleg_plannen

from ..world import SchoolWorld


def url(world: SchoolWorld, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def sanne_geaccepteerd(
    world: SchoolWorld, in_school: Any, *, izo_datum: dt.date | None = None
) -> Traject:
    """Sanne's aanmelding (1A, by the mentor) submitted and accepted: her traject."""
    with in_school(world.school):
        aanmelding = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        aanmelding.probleem = "Begrijpend lezen blijft achter."
        aanmelding.hulpvraag_leerling = "Help mij lange teksten te begrijpen."
        aanmelding.begeleidingsvraag = "Hoe differentiëren wij bij lange teksten?"
        aanmelding.al_gedaan = "Verlengde instructie in de subgroep begrijpend lezen."
        aanmelding.ouders_op_de_hoogte = True
        aanmelding.save()
        aanmelding_indienen(aanmelding=aanmelding, version=None)
        triage_besluiten(
            aanmelding=aanmelding,
            uitkomst="accepteren",
            reden="Past bij het IZO.",
            izo_datum=izo_datum or timezone.localdate() + dt.timedelta(days=3),
            user=world.users["zorgcoordinator"],
        )
        return Traject.objects.get(aanmelding=aanmelding)


def izo_plannen(
    world: SchoolWorld, in_school: Any, *, datum: dt.date, deelnemers: tuple[str, ...] = ()
) -> Zorgoverleg:
    with in_school(world.school):
        return overleg_plannen(
            soort="izo",
            datum=datum,
            voorzitter=world.users["zorgcoordinator"],
            user=world.users["zorgcoordinator"],
            school_id=world.school.pk,
            deelnemer_ids=[world.users[p].pk for p in deelnemers],
        )


def verslag_schrijven(
    world: SchoolWorld, in_school: Any, overleg: Zorgoverleg, traject: Traject, **velden: Any
) -> IzoVerslag:
    with in_school(world.school):
        return izo_verslag_update(
            overleg=overleg,
            traject=traject,
            version=None,
            velden={"samenvatting": "Begeleiding door RT; evalueren.", **velden},
            user=world.users["zorgcoordinator"],
        )
