"""API clients: an LVS (Magister, SOMtoday, ParnasSys, ESIS) pushing roster and results and
reading care plans back, each with its own key for one school and explicit scopes."""

from __future__ import annotations

import hashlib
import hmac

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TenantModel


class ApiScope(models.TextChoices):
    ROSTER_WRITE = "roster:write", _("rooster aanleveren (schooljaren, groepen, leerlingen …)")
    RESULTS_WRITE = "results:write", _("toets- en SEO-resultaten aanleveren")
    CARE_READ = "care:read", _("zorgdata lezen (groepsoverzichten, -plannen, besprekingen)")


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret. The secret is 256 random bits, so a slow password hash adds
    nothing against guessing and would cost every API request tens of milliseconds."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiClient(TenantModel):
    naam = models.CharField(_("naam"), max_length=100, help_text=_("Bijvoorbeeld Magister."))
    bron = models.CharField(
        _("bron"),
        max_length=40,
        help_text=_(
            "Het systeem waar de externe ids vandaan komen, bijvoorbeeld magister. Clients met "
            "dezelfde bron delen hun externe ids."
        ),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    #: Public half of the key (in the token, indexed); the secret half is stored hashed.
    key_id = models.CharField(max_length=24, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    max_per_minuut = models.PositiveIntegerField(
        _("maximaal aantal verzoeken per minuut"), default=600
    )
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    laatst_gebruikt_op = models.DateField(_("laatst gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")
        ordering = ["naam", "pk"]

    def __str__(self) -> str:
        return self.naam

    @property
    def is_actief(self) -> bool:
        return self.ingetrokken_op is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def check_secret(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))

    def scope_labels(self) -> list[str]:
        return [str(ApiScope(s).label) for s in self.scopes if s in ApiScope.values]
