"""System checks of the core. `manage.py check --deploy` with the production settings fails
(an Error) without ZORGROUTE_ENCRYPTION_KEYS: the key derived from SECRET_KEY is for the
demo and the tests only, and rotating SECRET_KEY would then make every stored secret
unreadable."""

from __future__ import annotations

import binascii
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def encryption_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    keys = [k.strip() for k in getattr(settings, "ZORGROUTE_ENCRYPTION_KEYS", ()) if k.strip()]
    if not keys:
        return [
            Error(
                "ZORGROUTE_ENCRYPTION_KEYS is not set: secrets stored by the portal (webhook "
                "secrets, identity-provider secrets) would be encrypted with a key derived "
                "from SECRET_KEY.",
                hint="Set ZORGROUTE_ENCRYPTION_KEYS to a key made with "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`.",
                id="zorgroute.E001",
            )
        ]
    errors: list[CheckMessage] = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, binascii.Error):
            errors.append(
                Error(
                    f"Key {position} of ZORGROUTE_ENCRYPTION_KEYS is not a Fernet key "
                    "(32 bytes, url-safe base64).",
                    id="zorgroute.E002",
                )
            )
    return errors
