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


class RoosterSoort(models.TextChoices):
    """The roster kinds an API client upserts by its own ids (pupils: LeerlingExternId)."""

    SCHOOLJAAR = "schooljaar", _("schooljaar")
    VAK = "vak", _("vak")
    GROEP = "groep", _("groep")
    LESGROEP = "lesgroep", _("lesgroep")
    MEDEWERKER = "medewerker", _("medewerker")
    PLAATSING = "plaatsing", _("plaatsing")


class Externkoppeling(TenantModel):
    """A roster object's id in the client's system (OneRoster sourcedId), per bron and kind,
    so a repeated upsert updates instead of duplicating. `object_id` is the pk of the row of
    the kind's model (for a medewerker the school's `Medewerker` record; for a plaatsing the
    model its `rol` and class give: Plaatsing, Clusterplaatsing, Mentoraat or Lesgroepdocent,
    in `model`)."""

    bron = models.CharField(max_length=40)
    soort = models.CharField(max_length=20, choices=RoosterSoort.choices)
    extern_id = models.CharField(max_length=100)
    model = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("externe koppeling")
        verbose_name_plural = _("externe koppelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "bron", "soort", "extern_id"], name="externkoppeling_uniek"
            )
        ]
        indexes = [models.Index(fields=["school", "bron", "model", "object_id"])]
