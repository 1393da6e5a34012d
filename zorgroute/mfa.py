"""Whether this session has passed a second factor, in one place.

A TOTP or backup code (django-otp) and a school identity provider whose MFA claim the school
trusts both end in `verify_second_factor`; the tenant middleware and the care API ask
`has_second_factor`. Passing the factor gives the session a new key (no session fixation).

Who needs it (`requires_second_factor`): every role that can read care data, and the
beheerder (who resets other people's second factor). Only a schoolleider of a school that
shows leadership totals alone may do without; a role this module does not know needs it
(deny by default). `School.tweestaps_voor_iedereen` asks it of everyone.

The devices are django-otp's: one TOTP device (an authenticator app) and one static device
with ten backup codes. A backup code is stored as a keyed hash (HMAC with the SECRET_KEY),
never as itself. A wrong code counts on every device of the user (django-otp's exponential
throttle: 1, 2, 4 … seconds), so the lock holds whichever kind of code is guessed.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Gebruiker, Rol, School
from .sessions import end_all_sessions

#: The session key; its value says how the factor was passed ("totp", "backup", "oidc").
SESSION_KEY = "zorgroute_tweede_factor"
#: The session key holding the id of the TOTP device being enrolled in this session.
ENROLMENT_SESSION_KEY = "zorgroute_tweestaps_nieuw_apparaat"
#: The session key holding freshly made backup codes until the page shows them once.
NEW_CODES_SESSION_KEY = "zorgroute_tweestaps_nieuwe_codes"

BACKUP_CODE_COUNT = 10
BACKUP_CODE_DIGITS = 10
TOTP_DIGITS = 6
DEVICE_NAME = "Authenticator-app"


def verify_second_factor(request: HttpRequest, *, via: str) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = via


def has_second_factor(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def second_factor_method(request: HttpRequest) -> str:
    return str(request.session.get(SESSION_KEY, ""))


def forget_second_factor(request: HttpRequest) -> None:
    """The session no longer counts as verified (after the user resets their own app)."""
    request.session.pop(SESSION_KEY, None)


# --- who needs it -------------------------------------------------------------------------


def role_requires_second_factor(rol: str, school: School) -> bool:
    """True for every role that can read care data, the beheerder and any unknown role."""
    if rol == Rol.SCHOOLLEIDER:
        return school.schoolleider_ziet_dossiers
    return True


def requires_second_factor(school: School, roles: Iterable[str]) -> bool:
    if school.tweestaps_voor_iedereen:
        return True
    return any(role_requires_second_factor(rol, school) for rol in roles)


def _next_path(request: HttpRequest) -> str:
    """Where to return after the code: the page itself (for htmx, the page that asked)."""
    current = request.headers.get("HX-Current-URL", "")
    if request.headers.get("HX-Request") == "true" and current:
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def second_factor_url(request: HttpRequest) -> str:
    """The code page, or the set-up page for a user without an app yet, with ?next=."""
    user = request.user
    assert isinstance(user, Gebruiker)
    name = "tweestaps-code" if has_confirmed_device(user) else "tweestaps-instellen"
    return f"{reverse(name)}?{urlencode({'next': _next_path(request)})}"


# --- devices ------------------------------------------------------------------------------


def has_confirmed_device(user: Gebruiker) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@dataclass(frozen=True)
class DeviceStatus:
    """What a person's two-factor login looks like (for their own page and the beheerder)."""

    app_sinds: object  # a datetime, or None without a confirmed app
    reservecodes: int

    @property
    def ingesteld(self) -> bool:
        return self.app_sinds is not None


def device_status(user: Gebruiker) -> DeviceStatus:
    app = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    codes = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return DeviceStatus(app_sinds=app.created_at if app else None, reservecodes=codes)


def backup_code_hash(code: str) -> str:
    """The stored form of a backup code (StaticToken.token holds at most 16 characters)."""
    return salted_hmac("zorgroute.mfa.reservecode", normalise_code(code)).hexdigest()[:16]


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


def format_backup_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def format_secret(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an inline SVG QR code (no request to outside)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=14
    )
    svg = image.to_string(encoding="unicode")
    if isinstance(svg, bytes):
        svg = svg.decode()
    return svg.replace(
        "<svg ", '<svg role="img" aria-label="QR-code voor je authenticator-app" ', 1
    )


def _new_backup_codes() -> list[str]:
    return [
        "".join(secrets.choice("0123456789") for _ in range(BACKUP_CODE_DIGITS))
        for _ in range(BACKUP_CODE_COUNT)
    ]


def _replace_backup_codes(user: Gebruiker) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Reservecodes", confirmed=True)
    codes = _new_backup_codes()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=backup_code_hash(code)) for code in codes
    )
    return codes


# --- services -----------------------------------------------------------------------------


def enrolment_device(*, user: Gebruiker, device_id: int | None) -> TOTPDevice:
    """The unconfirmed app being set up in this session (a new one when there is none):
    a secret shown in one session is never offered to another."""
    if device_id is not None:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device is not None:
            return device
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


class Locked(Exception):
    """Too many wrong codes in a row: no code is checked until `until`."""

    def __init__(self, until: object) -> None:
        super().__init__("locked")
        self.until = until

    @property
    def seconds(self) -> int:
        remaining = self.until - timezone.now()  # type: ignore[operator]
        return max(1, int(remaining.total_seconds()) + 1)


def _check_not_locked(devices: Iterable[Device]) -> None:
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            raise Locked((data or {}).get("locked_until", timezone.now()))


@transaction.atomic
def confirm_enrolment(*, user: Gebruiker, device_id: int, code: str) -> list[str] | None:
    """Confirm the app with its first code: the user's other devices go, ten backup codes
    are made and returned (to be shown once). None for a wrong code; raises Locked."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device_id, user=user, confirmed=False)
        .first()
    )
    if device is None or has_confirmed_device(user):
        return None
    _check_not_locked([device])
    if not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return _replace_backup_codes(user)


def _devices_for_verify(user: Gebruiker) -> list[Device]:
    totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
    static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
    return [*totp.order_by("pk"), *static.order_by("pk")]


def _code_kind(code: str) -> str:
    if code.isdigit() and len(code) == TOTP_DIGITS:
        return "totp"
    return "backup"


def _device_kind(device: Device) -> str:
    return "totp" if isinstance(device, TOTPDevice) else "backup"


@transaction.atomic
def check_code(*, user: Gebruiker, code: str) -> str | None:
    """ "totp" or "backup" for a right code (a backup code is then used up), None for a wrong
    one, which counts on every device of the user. Raises Locked while throttled."""
    devices = _devices_for_verify(user)
    _check_not_locked(devices)
    code = normalise_code(code)
    kind = _code_kind(code)
    token = code if kind == "totp" else backup_code_hash(code)
    matching = [d for d in devices if _device_kind(d) == kind]
    others = [d for d in devices if _device_kind(d) != kind]
    if any(device.verify_token(token) for device in matching):
        for device in others:
            device.throttle_reset()
        return kind
    for device in others:
        device.throttle_increment()
    return None


@transaction.atomic
def regenerate_backup_codes(*, user: Gebruiker) -> list[str]:
    return _replace_backup_codes(user)


@transaction.atomic
def reset_second_factor(*, gebruiker: Gebruiker, door: Gebruiker, reden: str) -> int:
    """Delete every device of the person (they set up a new app at their next login), end
    every session they have when a beheerder resets it (one that passed the old factor must
    not outlive it), and record
    who did it in the account's history. Returns the number of devices deleted."""
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=gebruiker).delete()
        deleted += count
    if door.pk != gebruiker.pk:  # someone else's reset; one's own keeps this session
        end_all_sessions(user=gebruiker)
    gebruiker.gewijzigd_door = door
    gebruiker._change_reason = reden[:100]  # type: ignore[attr-defined]
    gebruiker.save(update_fields=["gewijzigd_door", "updated_at"])
    return deleted


def school_tweestaps_instellen(*, school: School, voor_iedereen: bool) -> School:
    """The beheerder's choice to ask the second factor of every member of the school."""
    with transaction.atomic():
        current = School.objects.select_for_update().get(pk=school.pk)
        if current.tweestaps_voor_iedereen != voor_iedereen:
            current.tweestaps_voor_iedereen = voor_iedereen
            current.save(update_fields=["tweestaps_voor_iedereen", "updated_at"])
    return current
