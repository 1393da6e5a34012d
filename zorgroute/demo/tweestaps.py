"""Two-factor login for the demo accounts: each documented account gets an authenticator
app with one known, public key and the same ten backup codes (its own copies, each usable
once per account), so the demo works right after `demo_data` and the command can print how
to log in. Only for the demo: a real account sets up its own app (zorgroute.mfa)."""

from __future__ import annotations

import base64
import random

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import mfa
from ..models import Gebruiker

#: The public demo key (base32, as an authenticator app asks for it when typed in).
DEMO_TOTP_SECRET = "ZORGROUTEDEMO234ZORGROUTEDEMO234"  # noqa: S105 - public, by design


def demo_backup_codes(seed: int) -> list[str]:
    rng = random.Random(f"tweestaps-{seed}")  # noqa: S311 - public demo codes, reproducible
    return [
        "".join(rng.choice("0123456789") for _ in range(mfa.BACKUP_CODE_DIGITS))
        for _ in range(mfa.BACKUP_CODE_COUNT)
    ]


def give_demo_second_factor(emails: list[str], *, seed: int) -> list[str]:
    """An app with the demo key and the demo backup codes for each account; returns the
    codes (to print)."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    codes = demo_backup_codes(seed)
    for user in Gebruiker.objects.filter(email__in=emails).order_by("pk"):
        TOTPDevice.objects.create(user=user, name=mfa.DEVICE_NAME, key=key, confirmed=True)
        device = StaticDevice.objects.create(user=user, name="Reservecodes", confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=mfa.backup_code_hash(code)) for code in codes
        )
    return codes
