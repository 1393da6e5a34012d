from __future__ import annotations

from django.urls import reverse

from zorgroute import models as m


def test_mentor_sees_class_and_pupil(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("mentor")
    slug = world.school.slug
    home = client.get(reverse("home", kwargs={"school": slug}))
    assert home.status_code == 200
    assert "Mijn klassen" in home.content.decode()
    assert "1A" in home.content.decode()
    page = client.get(reverse("groep-detail", kwargs={"school": slug, "groep_id": world.groep.pk}))
    assert page.status_code == 200
    assert world.leerling.achternaam in page.content.decode()
    assert world.andere_leerling.achternaam not in page.content.decode()
    pupil = client.get(
        reverse("leerling-detail", kwargs={"school": slug, "leerling_uuid": world.leerling.uuid})
    )
    assert pupil.status_code == 200
    body = pupil.content.decode()
    assert world.leerling.volledige_naam in body
    assert "Inschrijvingsgeschiedenis" in body
    assert pupil["Cache-Control"].startswith("no-store") or "no-store" in pupil["Cache-Control"]
    with in_school(world.school):
        event = m.AccessEvent.objects.get()
    assert event.leerling_id == world.leerling.pk
    assert event.gebruiker_id == world.users["mentor"].pk
    assert event.pagina == "leerling-detail"
