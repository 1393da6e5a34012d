"""Work that runs after the request: the outbox of queued Celery tasks and the background
jobs (achtergrondtaken) a user waits for with a progress bar."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TenantModel


class Wachtrijbericht(models.Model):
    """One Celery task to publish (the transactional outbox).

    Written in the same transaction as the change that asks for the work, published after
    commit and deleted once the broker took it. When Redis is down the row stays and a worker
    drains it once Redis is back (`zorgroute.outbox`). Not a tenant table: the drain runs
    for all schools; the school travels in `kwargs` like every task argument.
    """

    taak = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    pogingen = models.PositiveIntegerField(default=0)
    laatste_fout = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.taak} {self.kwargs}"


class TaakStatus(models.TextChoices):
    WACHT = "wacht", _("In de wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


class Achtergrondtaak(TenantModel):
    """A long job (a PDF bundle, a large import) for one user, with its progress and result.

    The user may leave the page; the result waits on their downloads page. A job runs at
    most once to completion: the result is written under a row lock and a second run (a
    redelivered message after a killed worker) finds it done."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soort = models.CharField(max_length=40)
    titel = models.CharField(_("titel"), max_length=200)
    parameters = models.JSONField(default=dict)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=TaakStatus.choices, default=TaakStatus.WACHT)
    stap = models.PositiveIntegerField(default=0)
    totaal = models.PositiveIntegerField(default=0)
    stap_omschrijving = models.CharField(max_length=200, blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)
    #: Updated while running; a job whose heartbeat stopped is started again.
    hartslag = models.DateTimeField(null=True, blank=True)
    bestand = models.FileField(upload_to="downloads/", blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    #: What the job did, in words (e.g. "12 groepsoverzichten, 9 groepsplannen").
    resultaat = models.TextField(blank=True)
    fout = models.TextField(blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        ordering = ["-aangemaakt_op"]
        indexes = [models.Index(fields=["school", "aangevraagd_door", "-aangemaakt_op"])]

    def __str__(self) -> str:
        return self.titel

    @property
    def procent(self) -> int:
        if self.status == TaakStatus.KLAAR:
            return 100
        if not self.totaal:
            return 0
        return min(99, round(100 * self.stap / self.totaal))

    @property
    def loopt(self) -> bool:
        return self.status in (TaakStatus.WACHT, TaakStatus.BEZIG)
