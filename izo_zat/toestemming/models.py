"""Consent per pupil and purpose (ZAT, sharing with a partner, research, referral)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel
from zorgroute.models.base import TenantManager

from ..partners.models import Partnerorganisatie


class ToestemmingDoel(models.TextChoices):
    ZAT = "zat", _("Bespreking in het ZAT")
    DELEN = "delen", _("Informatie delen met een partnerorganisatie")
    ONDERZOEK = "onderzoek", _("Extern onderzoek")
    VERWIJZING = "verwijzing", _("Verwijzing")


class ToestemmingGever(models.TextChoices):
    OUDER = "ouder", _("Ouder")
    VOOGD = "voogd", _("Voogd")
    LEERLING = "leerling", _("De leerling zelf (16 jaar of ouder)")


class ToestemmingQuerySet(models.QuerySet["Toestemming"]):
    def geldig(self, on: dt.date | None = None) -> ToestemmingQuerySet:
        """Consent in force on `on` (today): given, not expired, not withdrawn."""
        on = on or timezone.localdate()
        return self.filter(ingetrokken_op__isnull=True, gegeven_op__lte=on, geldig_tot__gte=on)


class Toestemming(TenantModel, TimestampedModel):
    """Consent per pupil and purpose: who gave it, when, until when, and whether it was
    withdrawn. A withdrawal takes effect at once (`geldig` reads the withdrawal date)."""

    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")
    doel = models.CharField(_("waarvoor"), max_length=12, choices=ToestemmingDoel.choices)
    partner = models.ForeignKey(
        Partnerorganisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="toestemmingen",
        verbose_name=_("partnerorganisatie"),
    )
    gegeven_door = models.CharField(
        _("gegeven door"), max_length=10, choices=ToestemmingGever.choices
    )
    naam_gever = models.CharField(_("naam van wie toestemming gaf"), max_length=120)
    gegeven_op = models.DateField(_("gegeven op"))
    geldig_tot = models.DateField(_("geldig tot en met"))
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    reden_intrekking = models.TextField(_("toelichting bij intrekking"), blank=True)
    vastgelegd_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantManager.from_queryset(ToestemmingQuerySet)()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op", "-pk"]
        indexes = [models.Index(fields=["school", "leerling", "doel"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(geldig_tot__gte=models.F("gegeven_op")),
                name="toestemming_geldig_na_gegeven",
                violation_error_message=_("'Geldig tot' ligt vóór de datum van toestemming."),
            )
        ]

    @property
    def is_geldig(self) -> bool:
        today = timezone.localdate()
        return self.ingetrokken_op is None and self.gegeven_op <= today <= self.geldig_tot
