"""Handelingsadviezen of the IZO and the ZAT: proposals on the class's groepsplan (or the
pupil's IHP) until the mentor takes them over or explains why not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel

from ..overleg.models import IzoVerslag


class AdviesBestemming(models.TextChoices):
    GROEPSPLAN = "groepsplan", _("Groepsplan van de klas")
    IHP = "ihp", _("Individueel handelingsplan")


class AdviesStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Voorgesteld, wacht op de mentor")
    OVERGENOMEN = "overgenomen", _("Overgenomen")
    NIET_OVERGENOMEN = "niet_overgenomen", _("Niet overgenomen")


class Handelingsadvies(TenantModel, TimestampedModel):
    """A concrete advice of the IZO or the ZAT for the daily work with the pupil. It lands
    as a proposal in the class's groepsplan (or the pupil's IHP); the mentor takes it over
    there, possibly reworded, or explains why not (seed §6.2.3: advice must be feasible in
    the classroom)."""

    traject = models.ForeignKey(
        "izo_zat.Traject", on_delete=models.PROTECT, related_name="handelingsadviezen"
    )
    izo_verslag = models.ForeignKey(
        IzoVerslag,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="handelingsadviezen",
    )
    zat_verslag = models.ForeignKey(
        "izo_zat.ZatVerslag",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="handelingsadviezen",
    )
    tekst = models.TextField(_("handelingsadvies"))
    bestemming = models.CharField(
        _("opnemen in"),
        max_length=12,
        choices=AdviesBestemming.choices,
        default=AdviesBestemming.GROEPSPLAN,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AdviesStatus.choices, default=AdviesStatus.VOORGESTELD
    )
    #: Where it was taken over: a plan of the class, and the IHP when that was the place.
    groepsplan = models.ForeignKey(
        "groepsplan.Groepsplan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handelingsplan = models.ForeignKey(
        "groepsplan.Handelingsplan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overgenomen_tekst = models.TextField(_("zoals overgenomen"), blank=True)
    toelichting = models.TextField(_("toelichting van de mentor"), blank=True)
    beoordeeld_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handelingsadvies")
        verbose_name_plural = _("handelingsadviezen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(izo_verslag__isnull=False) | models.Q(zat_verslag__isnull=False),
                name="handelingsadvies_uit_een_overleg",
            )
        ]
