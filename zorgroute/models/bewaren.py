"""Retention (bewaartermijnen): the school's terms per data class, legal holds per pupil and
the record of every run. The rules live in `zorgroute.privacy.bewaren`."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TenantModel, VersionedDocument

#: The default terms in years after the pupil leaves (issue 19).
STANDAARD_ZORGDOSSIER_JAREN = 2
STANDAARD_OPP_VERWIJZING_JAREN = 3

_JAREN = [MinValueValidator(1), MaxValueValidator(20)]


class Bewaarbeleid(VersionedDocument):
    """One school's retention terms, one field per data class (years after leaving). A school
    without a row keeps the defaults."""

    zorgdossier_jaren = models.PositiveSmallIntegerField(
        _("zorgdossier: jaren na vertrek"),
        default=STANDAARD_ZORGDOSSIER_JAREN,
        validators=_JAREN,
        help_text=_("Signaleringen, besprekingen, trajecten, handelingsplannen en notities."),
    )
    opp_verwijzing_jaren = models.PositiveSmallIntegerField(
        _("OPP en verwijzingen: jaren na vertrek"),
        default=STANDAARD_OPP_VERWIJZING_JAREN,
        validators=_JAREN,
        help_text=_("Ontwikkelingsperspectiefplannen, ZAT-casussen en doorverwijzingen."),
    )

    class Meta:
        verbose_name = _("bewaarbeleid")
        verbose_name_plural = _("bewaarbeleid")
        constraints = [models.UniqueConstraint(fields=["school"], name="bewaarbeleid_per_school")]

    def __str__(self) -> str:
        return f"Bewaarbeleid {self.school_id}"


class Bewaarblokkade(TenantModel):
    """A legal hold: while it is not lifted, the retention job leaves the pupil's data alone."""

    leerling = models.ForeignKey(
        "zorgroute.Leerling",
        on_delete=models.CASCADE,
        related_name="bewaarblokkades",
        verbose_name=_("leerling"),
    )
    reden = models.TextField(_("reden"), max_length=2000)
    ingesteld_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    ingesteld_op = models.DateTimeField(auto_now_add=True)
    opgeheven_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opgeheven_op = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bewaarblokkade")
        verbose_name_plural = _("bewaarblokkades")
        ordering = ["-ingesteld_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "leerling"],
                condition=models.Q(opgeheven_op__isnull=True),
                name="bewaarblokkade_een_actieve_per_leerling",
                violation_error_message=_("Voor deze leerling geldt al een bewaarblokkade."),
            )
        ]

    def __str__(self) -> str:
        return f"Bewaarblokkade {self.leerling_id}"


class Bewaarrun(TenantModel):
    """One run of the retention rules for a school: a dry run (proefrun, changes nothing) or
    a real one. `regels` holds ids and dates only, never names: what an erasure removed
    must not survive in its own record."""

    proefrun = models.BooleanField(_("proefrun"))
    uitgevoerd_op = models.DateTimeField(auto_now_add=True, db_index=True)
    #: Empty for the nightly job.
    uitgevoerd_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aantal_leerlingen = models.PositiveIntegerField(default=0)
    aantal_geblokkeerd = models.PositiveIntegerField(default=0)
    #: {data class: number of pupils}
    per_dataklasse = models.JSONField(default=dict)
    #: Rows anonymised, all models together (zorgroute.privacy.erasure's report).
    aantal_rijen = models.PositiveIntegerField(default=0)
    #: Access-log entries older than the access log's term removed by this run.
    inzages_verwijderd = models.PositiveIntegerField(default=0)
    #: [{"leerling_id", "vertrokken_op", "dataklassen", "geblokkeerd"}]
    regels = models.JSONField(default=list)
    #: Why a real run left the pupils alone (no dry run recorded yet), or empty.
    toelichting = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("bewaarrun")
        verbose_name_plural = _("bewaarruns")
        ordering = ["-uitgevoerd_op"]

    def __str__(self) -> str:
        return f"Bewaarrun {self.pk}"


class BewaarOpschoning(TenantModel):
    """That one data class of one pupil was anonymised by a retention run: the job does not
    do it twice (idempotent)."""

    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.CASCADE, related_name="bewaaropschoningen"
    )
    dataklasse = models.CharField(max_length=40)
    run = models.ForeignKey(Bewaarrun, on_delete=models.PROTECT, related_name="opschoningen")
    uitgevoerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bewaaropschoning")
        verbose_name_plural = _("bewaaropschoningen")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "leerling", "dataklasse"], name="bewaaropschoning_eenmalig"
            )
        ]

    def __str__(self) -> str:
        return f"{self.leerling_id}: {self.dataklasse}"
