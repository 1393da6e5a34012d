"""What the API itself stores: the replayable answer per Idempotency-Key (pupils' external
ids are zorgroute.LeerlingExternId)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgroute.models import TenantModel


class IdempotentVerzoek(TenantModel):
    """The answer to a write sent with an Idempotency-Key: a retry with the same key and
    the same body gets the same answer without running again."""

    client = models.ForeignKey(
        "zorgroute.ApiClient", on_delete=models.CASCADE, related_name="idempotente_verzoeken"
    )
    sleutel = models.CharField(max_length=200)
    pad = models.CharField(max_length=400)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    antwoord = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent verzoek")
        verbose_name_plural = _("idempotente verzoeken")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "sleutel"], name="idempotent_verzoek_sleutel_uniek"
            )
        ]
