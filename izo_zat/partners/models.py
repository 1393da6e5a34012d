"""The ZAT's partner organisations and their members' accounts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument


class PartnerSoort(models.TextChoices):
    GGD = "ggd", _("GGD / jeugdarts")
    SMW = "smw", _("Schoolmaatschappelijk werk")
    LEERPLICHT = "leerplicht", _("Leerplicht")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    SWV = "swv", _("Samenwerkingsverband")
    OVERIG = "overig", _("Overig")


class Partnerorganisatie(VersionedDocument, TimestampedModel):
    """An external organisation the school works with in the ZAT."""

    naam = models.CharField(_("naam"), max_length=120)
    soort = models.CharField(_("soort"), max_length=12, choices=PartnerSoort.choices)

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "naam"],
                name="uniek_partnerorganisatie",
                violation_error_message=_("Deze organisatie staat er al."),
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Partnerlid(TenantModel):
    """A ZAT-lid account of one partner organisation (the beheerder creates the account with
    the role ZAT-lid; the zorgcoördinator links it to its organisation)."""

    partner = models.ForeignKey(
        "izo_zat.Partnerorganisatie", on_delete=models.CASCADE, related_name="leden"
    )
    gebruiker = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+", verbose_name=_("lid")
    )
    functie = models.CharField(_("functie"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lid van een partnerorganisatie")
        verbose_name_plural = _("leden van partnerorganisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "gebruiker"],
                name="een_partnerorganisatie_per_lid",
                violation_error_message=_("Dit account hoort al bij een partnerorganisatie."),
            )
        ]
