"""What the API itself stores: replayable answers per Idempotency-Key, and the external ids
of roster objects (pupils keep theirs in zorgroute.LeerlingExternId)."""

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


class ExternSoort(models.TextChoices):
    SCHOOLJAAR = "schooljaar", _("schooljaar")
    GROEP = "groep", _("groep")
    VAK = "vak", _("vak")
    LESGROEP = "lesgroep", _("lesgroep")
    PLAATSING = "plaatsing", _("plaatsing")
    MEDEWERKER = "medewerker", _("medewerker")


class ExterneSleutel(TenantModel):
    """A roster object's id in the client's system (`bron`), for idempotent upserts."""

    bron = models.CharField(max_length=40)
    soort = models.CharField(max_length=12, choices=ExternSoort.choices)
    extern_id = models.CharField(max_length=100)
    object_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("externe sleutel")
        verbose_name_plural = _("externe sleutels")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "bron", "soort", "extern_id"], name="externe_sleutel_uniek"
            )
        ]
        indexes = [models.Index(fields=["school", "soort", "object_id"])]
