"""The school's own ambities: what share of pupils (or of evaluated goals) it wants to see
reach a level, per schooljaar and leerjaar. The dashboards (opbrengsten.selectors) put the
real numbers next to them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgroute.models import TimestampedModel, VersionedDocument


class AmbitieSoort(models.TextChoices):
    TOETS = "toets", _("Toetsresultaat: aandeel leerlingen op of boven een niveau")
    DOELEN = "doelen", _("Doelen: aandeel geëvalueerde doelen bereikt")


class Ambitie(VersionedDocument, TimestampedModel):
    """E.g. "80% of leerjaar 2 at 2F or higher for begrijpend lezen" (soort toets) or "90% of
    the evaluated goals of leerjaar 1 reached" (soort doelen)."""

    schooljaar = models.ForeignKey(
        "zorgroute.Schooljaar",
        on_delete=models.CASCADE,
        related_name="ambities",
        verbose_name=_("schooljaar"),
    )
    leerjaar = models.PositiveSmallIntegerField(_("leerjaar"))
    soort = models.CharField(_("soort"), max_length=10, choices=AmbitieSoort.choices)
    domein = models.ForeignKey(
        "groepsoverzicht.Domein",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ambities",
        verbose_name=_("domein"),
        help_text=_("Alleen bij een toetsresultaat: bijvoorbeeld BL (begrijpend lezen)."),
    )
    drempel = models.CharField(
        _("niveau"),
        max_length=20,
        blank=True,
        help_text=_(
            "Alleen bij een toetsresultaat: bijvoorbeeld 2F of III, in de schaal van de toets."
        ),
    )
    #: The drempel as a rank of the instrument's scale (groepsoverzicht.scales), set by the
    #: service; a result counts when its rang is at least this.
    drempel_rang = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    percentage = models.PositiveSmallIntegerField(_("ambitie (%)"))

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        ordering = ["leerjaar", "soort", "domein__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "leerjaar", "domein"],
                condition=models.Q(soort="toets"),
                name="ambitie_toets_uniek",
                violation_error_message=_(
                    "Voor dit leerjaar en domein is al een ambitie in dit schooljaar."
                ),
            ),
            models.UniqueConstraint(
                fields=["schooljaar", "leerjaar"],
                condition=models.Q(soort="doelen"),
                name="ambitie_doelen_uniek",
                violation_error_message=_(
                    "Voor dit leerjaar is al een ambitie voor doelen in dit schooljaar."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(percentage__gte=1, percentage__lte=100),
                name="ambitie_percentage_1_100",
                violation_error_message=_("Een ambitie ligt tussen 1 en 100 procent."),
            ),
            models.CheckConstraint(
                condition=models.Q(leerjaar__gte=1, leerjaar__lte=8),
                name="ambitie_leerjaar_1_8",
                violation_error_message=_("Het leerjaar ligt tussen 1 en 8."),
            ),
        ]

    def __str__(self) -> str:
        if self.soort == AmbitieSoort.TOETS:
            code = self.domein.code if self.domein_id and self.domein else "?"
            return f"{self.percentage}% van leerjaar {self.leerjaar} op {self.drempel} {code}"
        return f"{self.percentage}% van de doelen bereikt in leerjaar {self.leerjaar}"

    def clean(self) -> None:
        if self.soort == AmbitieSoort.TOETS:
            fouten = {}
            if not self.domein_id:
                fouten["domein"] = _("Kies het domein van de toets (bijvoorbeeld BL).")
            if not self.drempel.strip():
                fouten["drempel"] = _("Vul het niveau in dat de leerlingen moeten halen.")
            if fouten:
                raise ValidationError(fouten)
        elif self.soort == AmbitieSoort.DOELEN and (self.domein_id or self.drempel):
            raise ValidationError(
                {"domein": _("Een ambitie voor doelen heeft geen domein of niveau.")}
            )
