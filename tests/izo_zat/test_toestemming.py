"""The consent registry: who keeps it for which pupil, recording consent with its rules
(a partner for sharing, the pupil from 16, 'geldig tot' after 'gegeven op') and
withdrawing it, which takes effect at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from izo_zat.models import Toestemming
from zorgroute.models import AccessEvent, Leerling

from ..world import SchoolWorld


def _register(world: SchoolWorld, leerling: Any = None) -> str:
    leerling = leerling or world.leerling
    return reverse(
        "izo-toestemmingen", kwargs={"school": world.school.slug, "leerling_uuid": leerling.uuid}
    )


def _intrekken(world: SchoolWorld, toestemming: Toestemming | None = None) -> str:
    toestemming = toestemming or world.izo["toestemming"]
    return reverse(
        "izo-toestemming-intrekken",
        kwargs={"school": world.school.slug, "toestemming_id": toestemming.pk},
    )


def _data(**extra: Any) -> dict[str, Any]:
    vandaag = timezone.localdate()
    data = {
        "doel": "onderzoek",
        "partner": "",
        "gegeven_door": "ouder",
        "naam_gever": "P. Jansen",
        "gegeven_op": vandaag.isoformat(),
        "geldig_tot": (vandaag + dt.timedelta(days=180)).isoformat(),
    }
    data.update(extra)
    return data


# --- who keeps the registry -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("zorgcoordinator", 200),
        ("docent", 404),
        ("teamleider", 403),
        ("zat_lid", 403),
        ("outsider", 404),
    ],
)
def test_who_keeps_sannes_registry(
    world: SchoolWorld, login: Any, persona: str, status: int
) -> None:
    client = login(persona)
    assert client.get(_register(world)).status_code == status
    assert client.get(_intrekken(world)).status_code == status
    assert client.post(_intrekken(world), {"toelichting": ""}).status_code in (
        (302,) if status == 200 else (status,)
    )


def test_mentor_of_1a_does_not_keep_daans_registry(world: SchoolWorld, login: Any) -> None:
    assert login("mentor").get(_register(world, world.andere_leerling)).status_code == 404


def test_register_lists_consent_with_status_in_text(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login("mentor").get(_register(world))
    html = response.content.decode()
    assert "Bespreking in het ZAT" in html
    assert "M. Jansen" in html
    assert "<strong>Geldig</strong>" in html
    # Default dates for a new one: today, valid for a year.
    form = response.context["form"]
    vandaag = timezone.localdate()
    assert form.initial["gegeven_op"] == vandaag
    assert form.initial["geldig_tot"].year == vandaag.year + 1
    with in_school(world.school):
        assert AccessEvent.objects.filter(
            leerling=world.leerling, gebruiker=world.users["mentor"]
        ).exists()


# --- recording ----------------------------------------------------------------------------------


def test_mentor_records_consent(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("mentor")
    response = client.post(_register(world), _data())
    assert response.status_code == 302
    with in_school(world.school):
        toestemming = Toestemming.objects.get(leerling=world.leerling, doel="onderzoek")
    assert toestemming.vastgelegd_door == world.users["mentor"]
    assert "Extern onderzoek" in client.get(_register(world)).content.decode()


def test_sharing_needs_a_partner(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("zorgcoordinator")
    response = client.post(_register(world), _data(doel="delen"))
    assert response.status_code == 400
    assert "Kies met welke partnerorganisatie" in response.content.decode()
    response = client.post(_register(world), _data(doel="delen", partner=world.izo["partner"].pk))
    assert response.status_code == 302
    with in_school(world.school):
        assert Toestemming.objects.get(doel="delen").partner == world.izo["partner"]


def test_pupil_under_16_cannot_consent_for_themselves(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    vandaag = timezone.localdate()
    with in_school(world.school):
        Leerling.objects.filter(pk=world.leerling.pk).update(
            geboortedatum=vandaag.replace(year=vandaag.year - 14)
        )
    response = login("mentor").post(_register(world), _data(gegeven_door="leerling"))
    assert response.status_code == 400
    assert "jonger dan 16" in response.content.decode()
    with in_school(world.school):
        Leerling.objects.filter(pk=world.leerling.pk).update(
            geboortedatum=dt.date(vandaag.year - 17, 1, 1)
        )
    assert login("mentor").post(_register(world), _data(gegeven_door="leerling")).status_code == 302


def test_geldig_tot_before_gegeven_op_is_refused(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    vandaag = timezone.localdate()
    response = login("mentor").post(
        _register(world), _data(geldig_tot=(vandaag - dt.timedelta(days=1)).isoformat())
    )
    assert response.status_code == 400
    assert "vóór de datum van toestemming" in response.content.decode()
    with in_school(world.school):
        assert not Toestemming.objects.filter(doel="onderzoek").exists()


# --- withdrawing --------------------------------------------------------------------------------


def test_withdrawal_takes_effect_at_once(world: SchoolWorld, login: Any, in_school: Any) -> None:
    toestemming = world.izo["toestemming"]
    client = login("mentor")
    response = client.get(_intrekken(world))
    assert "Het intrekken geldt direct." in response.content.decode()
    response = client.post(_intrekken(world), {"toelichting": "Moeder belde af."}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Ingetrokken</strong>" in html
    assert "Moeder belde af." in html
    with in_school(world.school):
        assert not Toestemming.objects.geldig().filter(pk=toestemming.pk).exists()
        assert not Toestemming.objects.get(pk=toestemming.pk).is_geldig
    # Already withdrawn: nothing to confirm any more.
    response = client.get(_intrekken(world))
    assert response.status_code == 302
    # The pupil page shows it too.
    pupil = client.get(
        reverse(
            "leerling-detail",
            kwargs={"school": world.school.slug, "leerling_uuid": world.leerling.uuid},
        )
    ).content.decode()
    assert "ZAT <strong>nee</strong>" in pupil


def test_expired_consent_reads_verlopen(world: SchoolWorld, login: Any, in_school: Any) -> None:
    vandaag = timezone.localdate()
    with in_school(world.school):
        Toestemming.objects.filter(pk=world.izo["toestemming"].pk).update(
            gegeven_op=vandaag - dt.timedelta(days=400),
            geldig_tot=vandaag - dt.timedelta(days=35),
        )
    html = login("mentor").get(_register(world)).content.decode()
    assert "<strong>Verlopen</strong>" in html
    assert _intrekken(world) not in html
