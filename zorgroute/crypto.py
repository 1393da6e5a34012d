"""Encryption at rest for secrets the portal must be able to read back (webhook secrets, an
identity provider's client secret): Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`.

Keys come from the environment, never from the database: ZORGROUTE_ENCRYPTION_KEYS is a
comma-separated list of Fernet keys. The first encrypts; every key decrypts, so a key is
rotated by putting a new one in front, running `manage.py rotate_encryption_keys` (which
re-encrypts every stored value with the first key) and then dropping the old one.
Without the setting (demo, tests) one key is derived from SECRET_KEY; production refuses to
start without its own keys (zorgroute.checks).
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

#: Stored values start with this, so a plain value left from before encryption is recognised.
PREFIX = "fernet:"


class DecryptionFailed(Exception):
    """No configured key opens this value (a key was dropped before rotation finished)."""


def derived_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(
        hashlib.sha256(b"zorgroute-encryption:" + secret.encode()).digest()
    )


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def configured_keys() -> tuple[str, ...]:
    keys = tuple(k.strip() for k in getattr(settings, "ZORGROUTE_ENCRYPTION_KEYS", ()) if k.strip())
    return keys or (derived_key(settings.SECRET_KEY).decode(),)


def encrypt(plain: str) -> str:
    return PREFIX + _fernet(configured_keys()).encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption; rotate_encryption_keys encrypts it
    try:
        return _fernet(configured_keys()).decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionFailed("no configured key decrypts this value") from exc


def rotate(stored: str) -> str:
    """The same value encrypted with the first key (plain values get encrypted)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    try:
        token = _fernet(configured_keys()).rotate(stored[len(PREFIX) :].encode())
    except InvalidToken as exc:
        raise DecryptionFailed("no configured key decrypts this value") from exc
    return PREFIX + token.decode()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain text. Not searchable."""

    def from_db_value(
        self, value: str | None, expression: object, connection: object
    ) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: object) -> object:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
