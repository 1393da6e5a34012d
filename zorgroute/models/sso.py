"""Signing in with the school's own identity provider (OpenID Connect): one configuration per
school, kept by its beheerder, and the link from a provider's subject to a portal account.

Roles stay in the portal: a sign-in only ever opens an existing, active account with an
active membership in that school; nothing is created from the provider's claims.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..crypto import EncryptedTextField
from .base import TenantModel, TimestampedModel, VersionedDocument


class ProviderSoort(models.TextChoices):
    ENTRA = "entra", _("Microsoft Entra ID")
    GOOGLE = "google", _("Google Workspace")
    ENTREE = "entree", _("Entree Federatie (Kennisnet)")
    OVERIG = "overig", _("Andere OpenID Connect-provider")


class Koppelwijze(models.TextChoices):
    EMAIL = "email", _("Op e-mailadres; daarna op het vaste kenmerk van de provider")
    SUBJECT = "subject", _("Alleen op het vaste kenmerk van een al gekoppeld account")


class SchoolInlog(VersionedDocument, TimestampedModel):
    """The school's identity provider (one per school). The client secret is encrypted at
    rest (zorgroute.crypto) and never shown again after it is saved."""

    soort = models.CharField(_("soort provider"), max_length=10, choices=ProviderSoort.choices)
    issuer = models.URLField(
        _("issuer-adres"),
        max_length=300,
        help_text=_(
            "Het adres waaronder de provider zijn gegevens publiceert (zonder "
            "/.well-known/openid-configuration)."
        ),
    )
    client_id = models.CharField(_("client-id"), max_length=255)
    client_secret = EncryptedTextField(_("clientgeheim"))
    koppelwijze = models.CharField(
        _("accounts koppelen"),
        max_length=10,
        choices=Koppelwijze.choices,
        default=Koppelwijze.EMAIL,
    )
    google_domein = models.CharField(
        _("Google Workspace-domein"),
        max_length=253,
        blank=True,
        help_text=_("Alleen voor Google: het domein van de school, bijvoorbeeld school.nl."),
    )
    vertrouwt_mfa = models.BooleanField(
        _("tweestapsverificatie van de provider telt als tweede stap"),
        default=False,
        help_text=_(
            "Alleen aanzetten als de provider tweestapsverificatie afdwingt en dat in het "
            "token meldt (amr met mfa, otp, hwk of swk, of een acr-waarde hieronder)."
        ),
    )
    mfa_acr_waarden = models.CharField(
        _("acr-waarden die als tweede stap tellen"),
        max_length=500,
        blank=True,
        help_text=_("Gescheiden door komma's. Leeg: alleen de amr-waarden tellen."),
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("inloggen met schoolaccount")
        verbose_name_plural = _("inloggen met schoolaccount")
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                name="schoolinlog_een_per_school",
                violation_error_message=_("Deze school heeft al een identiteitsprovider."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.issuer})"

    def acr_waarden(self) -> set[str]:
        return {v.strip() for v in self.mfa_acr_waarden.split(",") if v.strip()}


class SchoolInlogKoppeling(TenantModel):
    """The provider's subject (`sub`) of an account, saved at its first sign-in, so later
    sign-ins match on the subject and no longer on an e-mail address that may change."""

    inlog = models.ForeignKey(SchoolInlog, on_delete=models.CASCADE, related_name="koppelingen")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    gebruiker = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.CASCADE, related_name="schoolinlog_koppelingen"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gekoppeld schoolaccount")
        verbose_name_plural = _("gekoppelde schoolaccounts")
        constraints = [
            models.UniqueConstraint(
                fields=["inlog", "issuer", "subject"], name="schoolinlog_subject_uniek"
            ),
            models.UniqueConstraint(
                fields=["inlog", "gebruiker"], name="schoolinlog_een_koppeling_per_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.gebruiker_id}"
