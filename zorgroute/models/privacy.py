"""AVG: the record of each anonymisation of a pupil, and the four-eyes request for one
(`zorgroute.privacy`). Both are about a pupil, so the export holds them and a later
anonymisation de-identifies their reasons too."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TenantModel


class Anonimisering(TenantModel):
    """One run of `zorgroute.privacy.erasure.leerling_anonimiseren`: which data classes,
    why, and how many rows per model it changed."""

    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.CASCADE, related_name="anonimiseringen"
    )
    dataklassen = models.JSONField(_("gegevensklassen"), default=list)
    #: The pupil's own identity (name, date of birth, numbers) was replaced in this run.
    identiteit = models.BooleanField(_("identiteit vervangen"), default=False)
    reden = models.TextField(_("reden"))
    aantallen = models.JSONField(_("aantallen per model"), default=dict)
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonimisering")
        verbose_name_plural = _("anonimiseringen")
        ordering = ["-uitgevoerd_op"]


class VerzoekStatus(models.TextChoices):
    OPEN = "open", _("wacht op bevestiging")
    UITGEVOERD = "uitgevoerd", _("uitgevoerd")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


class Anonimiseringsverzoek(TenantModel):
    """A request to erase (anonymise) a pupil: made by a beheerder or a zorgcoördinator,
    carried out only when a second person with the other role confirms it."""

    leerling = models.ForeignKey(
        "zorgroute.Leerling",
        on_delete=models.CASCADE,
        related_name="anonimiseringsverzoeken",
        verbose_name=_("leerling"),
    )
    reden = models.TextField(_("reden"))
    aangevraagd_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    aangevraagd_als = models.CharField(_("aangevraagd als"), max_length=30)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN
    )
    afgehandeld_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    anonimisering = models.ForeignKey(
        Anonimisering, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("verzoek tot anonimisering")
        verbose_name_plural = _("verzoeken tot anonimisering")
        ordering = ["-aangevraagd_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["leerling"],
                condition=models.Q(status="open"),
                name="anonimiseringsverzoek_een_open_per_leerling",
                violation_error_message=_("Voor deze leerling staat al een verzoek open."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="uitgevoerd")
                | ~models.Q(afgehandeld_door=models.F("aangevraagd_door")),
                name="anonimiseringsverzoek_vier_ogen",
                violation_error_message=_("Wie het verzoek deed, kan het niet bevestigen."),
            ),
        ]
