"""Two-factor login through the real pages: set up the app, codes, backup codes, the lock,
the new session key, who needs it, and the beheerder's reset."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.auth_helpers import give_totp_device, log_in_verified, totp_code
from zorgroute import mfa
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld

PASSWORD = "geheim-wachtwoord-123"


def _log_in_with_password(client: Client, user: m.Gebruiker) -> None:
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def _home(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/"


def _code(client: Client, code: str, next_url: str) -> object:
    return client.post(reverse("tweestaps-code"), {"code": code, "next": next_url})


def test_setting_up_the_app_end_to_end(client: Client, world: SchoolWorld) -> None:
    zorg = world.users["zorgcoordinator"]
    _log_in_with_password(client, zorg)

    gate = client.get(_home(world))
    assert gate.status_code == 302
    assert gate["Location"].startswith(reverse("tweestaps-instellen"))
    page = client.get(gate["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'aria-label="QR-code voor je authenticator-app"' in body
    device = TOTPDevice.objects.get(user=zorg, confirmed=False)
    assert mfa.format_secret(device) in body
    assert re.search(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", body)  # 32 characters in groups of 4
    assert 'autocomplete="one-time-code"' in body and 'inputmode="numeric"' in body

    wrong = client.post(gate["Location"], {"code": "000000", "next": _home(world)})
    assert "Deze code klopt niet" in wrong.content.decode()

    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()
    code = f"{totp(device.bin_key):06d}"
    done = client.post(gate["Location"], {"code": code, "next": _home(world)})
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("tweestaps-reservecodes"))

    shown = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<code>(\d{5} \d{5})</code>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Codes printen" in shown
    # Shown once: stored only as keyed hashes, and the page does not show them again.
    stored = set(StaticToken.objects.filter(device__user=zorg).values_list("token", flat=True))
    assert len(stored) == 10
    assert not {c.replace(" ", "") for c in codes} & stored
    assert client.get(reverse("tweestaps-reservecodes"))["Location"] == reverse("tweestaps")

    assert client.get(_home(world)).status_code == 200
    assert TOTPDevice.objects.get(user=zorg).confirmed


def test_a_second_app_cannot_be_set_up_with_the_password_alone(
    client: Client, world: SchoolWorld
) -> None:
    mentor = world.users["mentor"]
    give_totp_device(mentor)
    _log_in_with_password(client, mentor)
    response = client.get(reverse("tweestaps-instellen"))
    assert response["Location"].startswith(reverse("tweestaps-code"))
    assert not TOTPDevice.objects.filter(user=mentor, confirmed=False).exists()
    own_page = client.get(reverse("tweestaps"))
    assert own_page["Location"].startswith(reverse("tweestaps-code"))


def test_logging_in_with_a_code_changes_the_session_key(client: Client, world: SchoolWorld) -> None:
    mentor = world.users["mentor"]
    device = give_totp_device(mentor)
    _log_in_with_password(client, mentor)
    gate = client.get(_home(world))
    assert gate["Location"] == f"{reverse('tweestaps-code')}?next=%2F{world.school.slug}%2F"
    page = client.get(gate["Location"]).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    before = client.session.session_key

    response = _code(client, totp_code(device), _home(world))

    assert response.status_code == 302 and response["Location"] == _home(world)
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session[mfa.SESSION_KEY] == "totp"
    assert client.get(_home(world)).status_code == 200


def test_the_same_code_is_not_accepted_twice(client: Client, world: SchoolWorld) -> None:
    mentor = world.users["mentor"]
    device = give_totp_device(mentor)
    code = totp_code(device)
    _log_in_with_password(client, mentor)
    assert _code(client, code, _home(world)).status_code == 302
    client.post(reverse("logout"))
    _log_in_with_password(client, mentor)
    again = _code(client, code, _home(world))
    assert again.status_code == 200
    assert "Deze code klopt niet" in again.content.decode()


def test_a_backup_code_works_once(client: Client, world: SchoolWorld) -> None:
    mentor = world.users["mentor"]
    give_totp_device(mentor)
    codes = mfa.regenerate_backup_codes(user=mentor)
    _log_in_with_password(client, mentor)
    used = _code(client, mfa.format_backup_code(codes[0]), _home(world))
    assert used.status_code == 302 and used["Location"] == _home(world)
    assert client.session[mfa.SESSION_KEY] == "backup"
    assert "nog 9" in client.get(_home(world)).content.decode()

    client.post(reverse("logout"))
    _log_in_with_password(client, mentor)
    again = _code(client, codes[0], _home(world))
    assert again.status_code == 200
    assert "Deze code klopt niet" in again.content.decode()
    StaticDevice.objects.filter(user=mentor).update(throttling_failure_timestamp=None)
    TOTPDevice.objects.filter(user=mentor).update(throttling_failure_timestamp=None)
    assert _code(client, codes[1], _home(world)).status_code == 302


def test_wrong_codes_lock_every_kind_of_code(client: Client, world: SchoolWorld) -> None:
    mentor = world.users["mentor"]
    device = give_totp_device(mentor)
    codes = mfa.regenerate_backup_codes(user=mentor)
    _log_in_with_password(client, mentor)
    for wrong in ("111111", "222222", "3333344444"):
        assert _code(client, wrong, _home(world)).status_code == 200

    for right in (totp_code(device), codes[0]):
        refused = _code(client, right, _home(world))
        assert refused.status_code == 200
        assert "Te veel onjuiste codes achter elkaar" in refused.content.decode()
    assert mfa.SESSION_KEY not in client.session
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count >= 1
    assert StaticDevice.objects.get(user=mentor).throttling_failure_count >= 1

    # Once the wait is over, the right code opens the portal again.
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    TOTPDevice.objects.filter(user=mentor).update(throttling_failure_timestamp=an_hour_ago)
    StaticDevice.objects.filter(user=mentor).update(throttling_failure_timestamp=an_hour_ago)
    assert _code(client, totp_code(device), _home(world)).status_code == 302


def test_the_code_page_only_returns_to_this_site(client: Client, world: SchoolWorld) -> None:
    mentor = world.users["mentor"]
    device = give_totp_device(mentor)
    _log_in_with_password(client, mentor)
    response = _code(client, totp_code(device), "https://evil.example/")
    assert response["Location"] == reverse("kies-school")


@pytest.mark.parametrize(
    "rol", [m.Rol.DOCENT, m.Rol.ZORGCOORDINATOR, m.Rol.TEAMLEIDER, m.Rol.ZAT_LID, m.Rol.BEHEERDER]
)
def test_every_role_that_reads_care_data_needs_the_second_factor(
    rol: str, world: SchoolWorld
) -> None:
    assert mfa.requires_second_factor(world.school, {rol})


def test_an_unknown_role_needs_the_second_factor(client: Client, world: SchoolWorld) -> None:
    onbekend = f.GebruikerFactory(email="nieuwe-rol@alfa.example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=onbekend, rol="nieuwe-rol")
    client.force_login(onbekend)
    response = client.get(_home(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("tweestaps-instellen"))


def test_the_school_setting_extends_it_to_the_schoolleider(
    client: Client, world: SchoolWorld
) -> None:
    leider = world.users["schoolleider"]
    assert not world.school.schoolleider_ziet_dossiers
    client.force_login(leider)
    assert client.get(_home(world)).status_code == 200

    m.School.objects.filter(pk=world.school.pk).update(tweestaps_voor_iedereen=True)
    response = client.get(_home(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("tweestaps-instellen"))

    m.School.objects.filter(pk=world.school.pk).update(
        tweestaps_voor_iedereen=False, schoolleider_ziet_dossiers=True
    )
    assert client.get(_home(world)).status_code == 302


def test_own_page_makes_new_backup_codes_and_sets_the_app_up_again(
    client: Client, world: SchoolWorld
) -> None:
    mentor = world.users["mentor"]
    give_totp_device(mentor)
    old = mfa.regenerate_backup_codes(user=mentor)
    log_in_verified(client, mentor)
    page = client.get(reverse("tweestaps")).content.decode()
    assert "nog 10 reservecodes" in page

    new = client.post(reverse("tweestaps"), {"actie": "reservecodes"})
    assert new["Location"] == reverse("tweestaps-reservecodes")
    shown = client.get(new["Location"]).content.decode()
    assert mfa.format_backup_code(old[0]) not in shown
    assert len(re.findall(r"<code>\d{5} \d{5}</code>", shown)) == 10

    again = client.post(reverse("tweestaps"), {"actie": "opnieuw"})
    assert again["Location"] == reverse("tweestaps-instellen")
    assert not TOTPDevice.objects.filter(user=mentor).exists()
    assert not StaticDevice.objects.filter(user=mentor).exists()
    assert client.get(_home(world))["Location"].startswith(reverse("tweestaps-instellen"))


def test_the_beheerder_resets_a_staff_members_second_factor(
    client: Client, world: SchoolWorld
) -> None:
    mentor = world.users["mentor"]
    give_totp_device(mentor)
    mfa.regenerate_backup_codes(user=mentor)
    log_in_verified(client, world.users["beheerder"])
    with tenant_context(world.school.pk):
        medewerker_id = m.Medewerker.objects.get(gebruiker=mentor).pk
    member_page = client.get(
        reverse(
            "beheer-medewerker-update",
            kwargs={"school": world.school.slug, "medewerker_id": medewerker_id},
        )
    ).content.decode()
    url = reverse(
        "beheer-medewerker-tweestaps-reset",
        kwargs={"school": world.school.slug, "medewerker_id": medewerker_id},
    )
    assert url in member_page

    confirm = client.get(url).content.decode()
    assert "logt in met een authenticator-app en heeft nog 10" in confirm
    done = client.post(url)

    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=mentor).exists()
    assert not StaticDevice.objects.filter(user=mentor).exists()
    last = mentor.history.order_by("-history_id").first()
    assert last is not None
    assert last.history_change_reason.startswith("Tweestapsverificatie gereset door beheerder")
    assert last.gewijzigd_door_id == world.users["beheerder"].pk
    # At the next login the mentor sets up a new app.
    other = Client()
    _log_in_with_password(other, mentor)
    assert other.get(_home(world))["Location"].startswith(reverse("tweestaps-instellen"))


def test_a_beheerder_of_another_school_cannot_reset(
    client: Client, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    mentor = world.users["mentor"]
    give_totp_device(mentor)
    log_in_verified(client, school_b.users["beheerder"])
    with tenant_context(world.school.pk):
        medewerker_id = m.Medewerker.objects.get(gebruiker=mentor).pk
    for slug in (school_b.school.slug, world.school.slug):
        url = reverse(
            "beheer-medewerker-tweestaps-reset",
            kwargs={"school": slug, "medewerker_id": medewerker_id},
        )
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=mentor).exists()


def test_the_beheerder_extends_two_factor_login_to_all_staff(
    client: Client, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    """The school setting on its beheer page: after it, the schoolleider (who sees totals
    only) is asked for the second factor too; school B's setting is untouched."""
    url = reverse("beheer-tweestaps", kwargs={"school": world.school.slug})
    beheerder = log_in_verified(Client(), world.users["beheerder"])
    page = beheerder.get(url).content.decode()
    assert "Tweestapsverificatie voor alle medewerkers" in page

    leider = world.users["schoolleider"]
    client.force_login(leider)
    assert client.get(_home(world)).status_code == 200

    assert beheerder.post(url, {"tweestaps_voor_iedereen": "on"}).status_code == 302
    world.school.refresh_from_db()
    school_b.school.refresh_from_db()
    assert world.school.tweestaps_voor_iedereen and not school_b.school.tweestaps_voor_iedereen
    response = client.get(_home(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("tweestaps-instellen"))

    assert beheerder.post(url, {}).status_code == 302
    world.school.refresh_from_db()
    assert not world.school.tweestaps_voor_iedereen
