"""Forms of the school sign-in: choosing the school, and the beheerder's configuration."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..forms import AccessibleBoundField, BeheerMeta, BeheerModelForm
from ..models import ProviderSoort, SchoolInlog
from .client import ISSUER_PRESETS, allows_http_issuers

#: An Entra tenant: its id (a GUID) or one of its domains.
ENTRA_TENANT_RE = re.compile(r"^[0-9a-fA-F-]{36}$|^[a-z0-9.-]+\.[a-z]{2,}$")


class KiesSchoolForm(forms.Form):
    bound_field_class = AccessibleBoundField

    school = forms.SlugField(
        label=_("Korte naam van je school"),
        max_length=60,
        help_text=_(
            "Het eerste deel van het adres na de domeinnaam, bijvoorbeeld 'de-linde' in "
            "…/de-linde/. Je beheerder kan je ook een directe inloglink geven."
        ),
        error_messages={
            "required": _("Vul de korte naam van je school in."),
            "invalid": _("De korte naam bestaat uit kleine letters, cijfers en streepjes."),
        },
    )


class SchoolInlogForm(BeheerModelForm):
    issuer = forms.CharField(
        label=_("Issuer-adres of tenant"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    client_secret = forms.CharField(
        label=_("Clientgeheim"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Wordt versleuteld bewaard en nooit meer getoond."),
    )

    class Meta(BeheerMeta):
        model = SchoolInlog
        fields = [
            "soort",
            "issuer",
            "client_id",
            "client_secret",
            "koppelwijze",
            "google_domein",
            "vertrouwt_mfa",
            "mfa_acr_waarden",
            "actief",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].help_text = _(
            "Microsoft Entra ID: vul de tenant-id of het domein van de school in, dan maken "
            "we er https://login.microsoftonline.com/<tenant>/v2.0 van. Google Workspace: "
            "laat leeg voor https://accounts.google.com. Entree Federatie: het issuer-adres "
            "uit Mijn Entree Federatie."
        )
        if self.instance.pk:
            self.fields["client_secret"].help_text = _(
                "Laat leeg om het bewaarde geheim te houden. Het wordt versleuteld bewaard en "
                "nooit getoond."
            )

    def clean_issuer(self) -> str:
        return str(self.cleaned_data.get("issuer") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        soort = data.get("soort")
        data["issuer"] = self._issuer(soort, data.get("issuer", ""))
        if not self.instance.pk and not data.get("client_secret"):
            self.add_error("client_secret", _("Vul het clientgeheim van de provider in."))
        if soort == ProviderSoort.GOOGLE and not data.get("google_domein"):
            self.add_error("google_domein", _("Vul het Google Workspace-domein van de school in."))
        return data

    def _issuer(self, soort: str | None, issuer: str) -> str:
        if soort == ProviderSoort.GOOGLE and not issuer:
            return ISSUER_PRESETS[ProviderSoort.GOOGLE]
        if soort == ProviderSoort.ENTRA and ENTRA_TENANT_RE.match(issuer):
            return ISSUER_PRESETS[ProviderSoort.ENTRA].format(tenant=issuer)
        if not issuer:
            self.add_error("issuer", _("Vul het issuer-adres van de provider in."))
            return issuer
        try:
            forms.URLField(assume_scheme="https").clean(issuer)
        except ValidationError:
            self.add_error("issuer", _("Vul een volledig adres in, beginnend met https://."))
            return issuer
        if not issuer.startswith("https://") and not allows_http_issuers():
            self.add_error("issuer", _("Het issuer-adres moet met https:// beginnen."))
        return issuer  # exactly as the provider publishes it: the tokens must match

    def values(self) -> dict[str, Any]:
        data = self.service_kwargs()
        data.pop("version", None)
        return data
