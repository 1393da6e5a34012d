"""API clients: an LVS (Magister, SOMtoday, ParnasSys, ESIS) pushing roster and results and
reading care plans back, each with its own key for one school and explicit scopes."""

from __future__ import annotations

import hashlib
import hmac

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..crypto import EncryptedTextField
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


class Webhook(TenantModel):
    """A push of the change feed to an integrator's URL, on behalf of an API client with
    care:read: JSON batches signed with HMAC-SHA256 (zorgroute.integrations.webhooks). Signing
    needs the secret itself, so it is stored encrypted (zorgroute.crypto, a key from the
    environment, rotated with `manage.py rotate_encryption_keys`), not hashed; it is shown
    once, at creation, and never again (not in the beheer pages, not in logs)."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("API-client")
    )
    url = models.URLField(_("adres (URL)"), max_length=500)
    geheim = EncryptedTextField(editable=False)
    actief = models.BooleanField(_("actief"), default=True)
    #: The feed cursor of what was delivered (empty: from the creation of the webhook).
    cursor = models.CharField(max_length=200, blank=True, editable=False)
    fouten_op_rij = models.PositiveIntegerField(_("mislukte pogingen op rij"), default=0)
    laatste_fout = models.CharField(_("laatste fout"), max_length=500, blank=True)
    laatste_fout_op = models.DateTimeField(null=True, blank=True)
    laatst_gelukt_op = models.DateTimeField(_("laatst gelukt op"), null=True, blank=True)
    #: After a failure no delivery starts before this (exponential backoff).
    volgende_poging_op = models.DateTimeField(null=True, blank=True)
    uitgezet_op = models.DateTimeField(_("uitgezet op"), null=True, blank=True)
    reden_uitgezet = models.CharField(_("reden"), max_length=600, blank=True)
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-actief", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(actief=True),
                name="webhook_een_actieve_per_client",
                violation_error_message=_(
                    "Deze API-client heeft al een actieve webhook. Zet die eerst uit."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.url


class Webhooklevering(TenantModel):
    """One attempt to deliver a batch (or a test ping) to a webhook, for the beheer page
    and for support. Holds no content, only what happened."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="leveringen")
    #: X-Zorgroute-Delivery: the same for every attempt of the same batch.
    levering_id = models.UUIDField()
    event = models.CharField(max_length=30)
    aantal = models.PositiveIntegerField(default=0)
    gelukt = models.BooleanField(default=False)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    fout = models.CharField(max_length=500, blank=True)
    duur_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhooklevering")
        verbose_name_plural = _("webhookleveringen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "webhook", "created_at"])]
