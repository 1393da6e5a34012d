"""Webhooks deliver the change feed (api.feed): from the webhook's cursor, one signed JSON
batch per POST; on a 2xx the cursor moves to the end of the batch.

The webhook's row is locked (SELECT … FOR UPDATE SKIP LOCKED) from reading the cursor until
the result is saved, so two workers never deliver from the same cursor at once: the second
finds the row locked and leaves it. A batch can still arrive twice (the receiver answered
2xx but the commit failed, or the answer was lost); it then carries the same
X-Zorgroute-Delivery id, and every item is idempotent for the receiver anyway.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django.utils import timezone
from rest_framework import serializers

from zorgroute.integrations import webhooks
from zorgroute.integrations.services import backoff_seconds, levering_vastleggen, webhook_uitzetten
from zorgroute.models import ApiScope, Webhook, Webhooklevering
from zorgroute.tenancy.db import tenant_context

from . import feed

#: Changes per POST.
BATCH = 100
EVENT = "wijzigingen"
#: Names the delivery id of a batch: the same webhook, start and end give the same id.
_NAMESPACE = uuid.UUID("6f1c1c9e-0a54-4a51-9d7e-5a3b8a7e2c10")
_moment = serializers.DateTimeField()


@dataclass(frozen=True)
class Uitkomst:
    #: bezet (another worker holds it, or no such webhook in this school), inactief, wacht
    #: (backoff), leeg (nothing to send), gelukt, mislukt
    status: str
    aantal: int = 0
    meer: bool = False
    wacht: int = 0
    fout: str = ""


def body_of(*, webhook: Webhook, levering_id: uuid.UUID, pagina: feed.Pagina) -> bytes:
    """The JSON of one batch: the feed's items as GET …/wijzigingen/ gives them."""
    return json.dumps(
        {
            "event": EVENT,
            "levering": str(levering_id),
            "school": webhook.school.slug,
            "webhook": webhook.pk,
            "wijzigingen": [
                {**w.as_dict(), "updated_at": _moment.to_representation(w.moment)}
                for w in pagina.wijzigingen
            ],
            "volgende": pagina.volgende,
            "meer": pagina.meer,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def afleveren(*, school_id: int, webhook_id: int, herhaling: bool = False) -> Uitkomst:
    """Deliver the next batch of one webhook, if there is one. `herhaling`: this is a
    Celery retry, whose countdown was the backoff (so it does not wait for it again)."""
    with tenant_context(school_id):
        webhook = (
            Webhook.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("client", "school")
            .filter(pk=webhook_id)
            .first()
        )
        if webhook is None:
            return Uitkomst("bezet")
        if not webhook.actief:
            return Uitkomst("inactief")
        client = webhook.client
        if not client.is_actief or not client.has_scope(ApiScope.CARE_READ):
            webhook_uitzetten(
                webhook=webhook,
                reden="De API-client is ingetrokken of mag de zorgdata niet meer lezen.",
            )
            return Uitkomst("inactief")
        now = timezone.now()
        if not herhaling and webhook.volgende_poging_op and webhook.volgende_poging_op > now:
            return Uitkomst("wacht")
        since = webhook.cursor or feed.cursor_vanaf(webhook.created_at)
        pagina = feed.wijzigingen(school_id=school_id, since=since, limit=BATCH, nu=now)
        if not pagina.wijzigingen:
            return Uitkomst("leeg")
        levering_id = uuid.uuid5(_NAMESPACE, f"{webhook.pk}|{since}|{pagina.volgende}")
        antwoord = webhooks.send(
            url=webhook.url,
            secret=webhook.geheim,
            event=EVENT,
            delivery_id=str(levering_id),
            body=body_of(webhook=webhook, levering_id=levering_id, pagina=pagina),
        )
        webhook = levering_vastleggen(
            webhook=webhook,
            levering_id=levering_id,
            event=EVENT,
            aantal=len(pagina.wijzigingen),
            antwoord=antwoord,
            cursor=pagina.volgende,
        )
    if antwoord.gelukt:
        return Uitkomst("gelukt", aantal=len(pagina.wijzigingen), meer=pagina.meer)
    return Uitkomst(
        "mislukt",
        aantal=len(pagina.wijzigingen),
        wacht=backoff_seconds(webhook.fouten_op_rij) if webhook.actief else 0,
        fout=antwoord.fout,
    )


#: Delivery records are kept this long (they hold no content, only what happened).
LEVERINGEN_BEWAREN = dt.timedelta(days=30)


def oude_leveringen_opruimen(*, school_id: int) -> int:
    """Delete a school's delivery records older than LEVERINGEN_BEWAREN (one query)."""
    grens = timezone.now() - LEVERINGEN_BEWAREN
    deleted, _ = Webhooklevering.objects.filter(school_id=school_id, created_at__lt=grens).delete()
    return deleted


def actieve_webhooks(*, school_id: int) -> list[int]:
    """The webhooks of a school that may be delivered to now (active, backoff passed)."""
    from django.db.models import Q

    now = timezone.now()
    return list(
        Webhook.objects.filter(actief=True, client__ingetrokken_op__isnull=True)
        .filter(Q(volgende_poging_op__isnull=True) | Q(volgende_poging_op__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
