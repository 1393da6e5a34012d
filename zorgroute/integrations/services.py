"""The koppelingen with a leerlingadministratie: API clients (created with scopes, the secret
returned once and stored hashed; revoked) and their webhooks (create, the secret returned
once; test, switch off and on, and the bookkeeping of each delivery: cursor, failures,
backoff, switching off after too many failures in a row). What is delivered is the change
feed (api.webhooks). Keyword-only and atomic like every service."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zorgroute.models import ApiClient, ApiScope, Gebruiker, School, Webhook, Webhooklevering
from zorgroute.models.api import hash_secret
from zorgroute.services import save_validated

from . import webhooks


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


#: After this many failed attempts in a row the webhook is switched off.
MAX_FOUTEN_OP_RIJ = 10
#: Backoff after the n-th failure in a row: 30 s, 1, 2, 4 … minutes, at most 30 minutes
#: (below the broker's visibility timeout, so a Celery countdown of it is safe).
BACKOFF_START = 30
BACKOFF_MAX = 1800


def backoff_seconds(fouten_op_rij: int) -> int:
    return int(min(BACKOFF_START * 2 ** max(fouten_op_rij - 1, 0), BACKOFF_MAX))


def _check_client(client: ApiClient) -> None:
    if not client.is_actief:
        raise ValidationError({"client": "Deze API-client is ingetrokken."})
    if not client.has_scope(ApiScope.CARE_READ):
        raise ValidationError(
            {
                "client": "Een webhook stuurt de wijzigingen in de zorgdata: de API-client heeft "
                "daarvoor de scope care:read (zorgdata lezen) nodig."
            }
        )


@transaction.atomic
def webhook_create(
    *, client: ApiClient, url: str, aangemaakt_door: Gebruiker
) -> tuple[Webhook, str]:
    """A new webhook and its secret; the caller shows the secret once. Delivery starts with
    the changes from now on (the integrator reads what exists through the lists)."""
    _check_client(client)
    url = url.strip()
    problem = webhooks.url_problem(url)
    if problem:
        raise ValidationError({"url": problem})
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    webhook = save_validated(
        Webhook(
            school_id=client.school_id,
            client=client,
            url=url,
            geheim=secret,
            aangemaakt_door=aangemaakt_door,
        )
    )
    return webhook, secret


@transaction.atomic
def webhook_uitzetten(*, webhook: Webhook, reden: str = "") -> Webhook:
    current = Webhook.objects.select_for_update().get(pk=webhook.pk)
    if current.actief:
        current.actief = False
        current.uitgezet_op = timezone.now()
        current.reden_uitgezet = reden[:600]
        current.save(update_fields=["actief", "uitgezet_op", "reden_uitgezet"])
    return current


@transaction.atomic
def webhook_aanzetten(*, webhook: Webhook) -> Webhook:
    """Switch a webhook on again: it resumes where its cursor stands (nothing is lost)."""
    current = Webhook.objects.select_for_update().select_related("client").get(pk=webhook.pk)
    _check_client(current.client)
    if not current.actief:
        current.actief = True
        current.fouten_op_rij = 0
        current.volgende_poging_op = None
        current.uitgezet_op = None
        current.reden_uitgezet = ""
        save_validated(current)
    return current


def levering_vastleggen(
    *,
    webhook: Webhook,
    levering_id: uuid.UUID,
    event: str,
    aantal: int,
    antwoord: webhooks.Antwoord,
    cursor: str | None = None,
) -> Webhook:
    """Record one attempt. On success move the cursor (when given) and clear the failures;
    on failure count it, set the backoff and switch the webhook off after
    MAX_FOUTEN_OP_RIJ failures in a row. The caller holds the webhook's row lock."""
    now = timezone.now()
    Webhooklevering.objects.create(
        school_id=webhook.school_id,
        webhook=webhook,
        levering_id=levering_id,
        event=event,
        aantal=aantal,
        gelukt=antwoord.gelukt,
        http_status=antwoord.http_status,
        fout=antwoord.fout,
        duur_ms=antwoord.duur_ms,
    )
    if antwoord.gelukt:
        if cursor is not None:
            webhook.cursor = cursor
        webhook.fouten_op_rij = 0
        webhook.volgende_poging_op = None
        webhook.laatst_gelukt_op = now
    else:
        webhook.fouten_op_rij += 1
        webhook.laatste_fout = antwoord.fout
        webhook.laatste_fout_op = now
        webhook.volgende_poging_op = now + dt.timedelta(
            seconds=backoff_seconds(webhook.fouten_op_rij)
        )
        if webhook.fouten_op_rij >= MAX_FOUTEN_OP_RIJ and webhook.actief:
            webhook.actief = False
            webhook.uitgezet_op = now
            webhook.reden_uitgezet = (
                f"Automatisch uitgezet na {webhook.fouten_op_rij} mislukte pogingen op rij. "
                f"Laatste fout: {antwoord.fout}"
            )[:600]
    webhook.save()
    return webhook


@transaction.atomic
def webhook_testen(*, webhook: Webhook) -> webhooks.Antwoord:
    """Send a signed `ping` now and record it (it does not move the cursor nor count as a
    failure of the feed)."""
    current = Webhook.objects.select_for_update().select_related("school").get(pk=webhook.pk)
    levering_id = uuid.uuid4()
    body = json.dumps(
        {
            "event": "ping",
            "levering": str(levering_id),
            "school": current.school.slug,
            "webhook": current.pk,
        },
        separators=(",", ":"),
    ).encode()
    antwoord = webhooks.send(
        url=current.url,
        secret=current.geheim,
        event="ping",
        delivery_id=str(levering_id),
        body=body,
    )
    Webhooklevering.objects.create(
        school_id=current.school_id,
        webhook=current,
        levering_id=levering_id,
        event="ping",
        gelukt=antwoord.gelukt,
        http_status=antwoord.http_status,
        fout=antwoord.fout,
        duur_ms=antwoord.duur_ms,
    )
    return antwoord
