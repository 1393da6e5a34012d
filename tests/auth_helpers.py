"""The one way tests log in: with a session that passed the second factor.

Every care page needs two-factor login (zorgroute.mfa), so a test that logs in with
`force_login` alone would only see the code page. `log_in_verified` logs in and marks the
session exactly as `zorgroute.mfa.verify_second_factor` does. Tests of the login itself go
through the real pages (tests/zorgroute/test_tweestaps.py, tests/browser), typing a code
computed here from a real TOTP device.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgroute.mfa import SESSION_KEY
from zorgroute.models import Gebruiker


def log_in_verified(client: Client, user: Gebruiker) -> Client:
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = "totp"
    session.save()
    return client


def give_totp_device(user: Gebruiker) -> TOTPDevice:
    """A confirmed authenticator app for this user (the one they already have, if any)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one when this one was used already (the
    device accepts one step ahead and never the same step twice)."""
    device.refresh_from_db()
    now_step = int(time.time()) // device.step
    step = max(now_step, device.last_t + 1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = step * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in_demo_account(client: Client, email: str) -> Client:
    """A demo account through the real pages: the password, then a code of the demo
    authenticator key that `manage.py demo_data` prints."""
    import base64

    from django.urls import reverse

    from zorgroute import demo

    response = client.post(reverse("login"), {"username": email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302, f"{email} could not log in"
    device = TOTPDevice.objects.get(user__email=email)
    assert device.bin_key == base64.b32decode(demo.DEMO_TOTP_SECRET)
    response = client.post(reverse("tweestaps-code"), {"code": totp_code(device)})
    assert response.status_code == 302, f"{email} could not pass the second factor"
    return client
