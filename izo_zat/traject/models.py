"""The pupil's care traject ("één kind, één plan") and its care level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgroute.models import TimestampedModel, VersionedDocument

from ..aanmelding.models import Aanmelding


class Zorgniveau(models.TextChoices):
    """Care levels of a traject (DOMAIN.md: VO 1–3). Labels per school type come from
    izo_zat.zorgniveaus."""

    EEN = "1", _("1")
    TWEE = "2", _("2")
    DRIE = "3", _("3")


class TrajectRoute(models.TextChoices):
    AANMELDING = "aanmelding", _("Via een aanmelding en triage")
    VERKORT = "verkort", _("Verkorte route (direct gestart door het zorgteam)")


class TrajectStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    GESLOTEN = "gesloten", _("Afgesloten")


class Traject(VersionedDocument, TimestampedModel):
    """One care traject per pupil at a time ("één kind, één plan"): opened by accepting an
    aanmelding or, on the shortened route, directly by a zorgteam member (then reported in
    the next IZO)."""

    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")
    aanmelding = models.OneToOneField(
        Aanmelding, on_delete=models.PROTECT, null=True, blank=True, related_name="traject"
    )
    route = models.CharField(_("route"), max_length=12, choices=TrajectRoute.choices)
    reden_verkort = models.TextField(_("waarom de verkorte route"), blank=True)
    zorgniveau = models.CharField(
        _("zorgniveau"), max_length=2, choices=Zorgniveau.choices, default=Zorgniveau.TWEE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectStatus.choices, default=TrajectStatus.OPEN
    )
    izo_datum = models.DateField(_("bespreken in het IZO van"), null=True, blank=True)
    geopend_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    gesloten_op = models.DateTimeField(null=True, blank=True)
    afsluitreden = models.TextField(_("reden van afsluiten"), blank=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["leerling"],
                condition=models.Q(status="open"),
                name="een_lopend_traject_per_leerling",
                violation_error_message=_("Deze leerling heeft al een lopend traject."),
            )
        ]

    def __str__(self) -> str:
        return f"Traject {self.leerling}"
