"""API clients (beheer): create with scopes (the secret is returned once, stored hashed)
and revoke. Keyword-only and atomic like every service."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ApiClient, ApiScope, Gebruiker, School
from .models.api import hash_secret
from .services import save_validated


@transaction.atomic
def apiclient_create(
    *,
    school: School,
    naam: str,
    bron: str,
    scopes: list[str],
    aangemaakt_door: Gebruiker,
    max_per_minuut: int = 600,
) -> tuple[ApiClient, str]:
    """A new client and its token `zr_<key id>_<secret>`; the token is never stored."""
    unknown = set(scopes) - set(ApiScope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": "Kies minstens één scope uit de lijst."})
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    client = save_validated(
        ApiClient(
            school=school,
            naam=naam,
            bron=bron.strip().lower(),
            scopes=sorted(set(scopes)),
            key_id=key_id,
            secret_hash=hash_secret(secret),
            max_per_minuut=max_per_minuut,
            aangemaakt_door=aangemaakt_door,
        )
    )
    return client, f"zr_{key_id}_{secret}"


@transaction.atomic
def apiclient_revoke(*, client: ApiClient) -> ApiClient:
    """Revoke at once: the next request with its key gets 401. Kept for the record."""
    current = ApiClient.objects.select_for_update().get(pk=client.pk)
    if current.ingetrokken_op is None:
        current.ingetrokken_op = timezone.now()
        current.save(update_fields=["ingetrokken_op"])
    return current
