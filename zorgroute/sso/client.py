"""The provider side of a school sign-in, through Authlib's Django client.

One Authlib app per configuration, built per request from the school's `SchoolInlog` (the
client secret is decrypted only here). Authlib keeps state, nonce and the PKCE verifier in
the session and validates the ID token (signature against the provider's JWKS, issuer,
audience, expiry, nonce); this module adds what Authlib leaves to the caller: the discovery
document must name the configured issuer, and so must the `iss` of the authorization
response (RFC 9207) when the provider sends one.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App, OAuthError
from authlib.oidc.core import UserInfo
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from joserfc.errors import JoseError

from ..models import ProviderSoort, SchoolInlog

SCOPE = "openid email"
TIMEOUT_SECONDS = 10
DISCOVERY_PATH = "/.well-known/openid-configuration"

#: Presets: the issuer pattern of the providers the portal knows.
ISSUER_PRESETS = {
    ProviderSoort.ENTRA: "https://login.microsoftonline.com/{tenant}/v2.0",
    ProviderSoort.GOOGLE: "https://accounts.google.com",
}


class ProviderError(Exception):
    """The provider or the answer it sent cannot be trusted; `message` says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allows_http_issuers() -> bool:
    """Only tests (a provider on 127.0.0.1) may use an http issuer."""
    return bool(getattr(settings, "ZORGROUTE_SSO_ALLOW_HTTP", False))


def app_for(inlog: SchoolInlog) -> DjangoOAuth2App:
    name = f"school-{inlog.school_id}"
    return DjangoOAuth2App(
        DjangoIntegration(name),
        name=name,
        client_id=inlog.client_id,
        client_secret=inlog.client_secret,
        server_metadata_url=inlog.issuer.rstrip("/") + DISCOVERY_PATH,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )


def _metadata(app: DjangoOAuth2App, inlog: SchoolInlog) -> dict[str, Any]:
    try:
        metadata: dict[str, Any] = app.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderError(
            "De identiteitsprovider van de school is nu niet bereikbaar. Probeer het later "
            "opnieuw of log in met je wachtwoord."
        ) from exc
    if metadata.get("issuer") != inlog.issuer:
        raise ProviderError(
            "De identiteitsprovider meldt zich met een ander issuer-adres dan de school heeft "
            "ingesteld. Inloggen is geweigerd; vraag de beheerder de instelling te controleren."
        )
    return metadata


def authorization_redirect(
    request: HttpRequest, inlog: SchoolInlog, redirect_uri: str
) -> tuple[str, HttpResponseRedirect]:
    """The redirect to the provider's login, and the state it carries."""
    app = app_for(inlog)
    _metadata(app, inlog)
    result = app.create_authorization_url(redirect_uri)
    app.save_authorize_data(request, redirect_uri=redirect_uri, **result)
    return result["state"], HttpResponseRedirect(result["url"])


def _refusal(exc: Exception) -> ProviderError:
    if isinstance(exc, OAuthError) and exc.error == "access_denied":
        return ProviderError("Je hebt het inloggen bij de identiteitsprovider afgebroken.")
    return ProviderError(
        "Het antwoord van de identiteitsprovider klopt niet (verlopen, vervalst of voor een "
        "andere inlogpoging). Inloggen is geweigerd; begin opnieuw."
    )


def _merge_userinfo(
    app: DjangoOAuth2App, token: dict[str, Any], claims: dict[str, Any]
) -> dict[str, Any]:
    """Providers that keep the e-mail out of the ID token give it at the userinfo endpoint;
    its `sub` must be the ID token's (OpenID Connect Core 5.3.2)."""
    if "email" in claims:
        return claims
    info: UserInfo = app.userinfo(token=token)
    if info.get("sub") != claims.get("sub"):
        raise ProviderError("De identiteitsprovider gaf gegevens van een ander account terug.")
    return {**info, **claims}


def verified_claims(request: HttpRequest, inlog: SchoolInlog) -> dict[str, Any]:
    """Exchange the code of the callback and return the validated claims of the ID token
    (plus e-mail from userinfo when the token has none). Raises ProviderError."""
    app = app_for(inlog)
    _metadata(app, inlog)
    iss = request.GET.get("iss")
    if iss is not None and iss != inlog.issuer:
        raise ProviderError(
            "Het antwoord komt van een andere identiteitsprovider dan die van de school. "
            "Inloggen is geweigerd."
        )
    try:
        token = app.authorize_access_token(request)
        if not token.get("userinfo"):  # no ID token: no proof of who signed in
            raise OAuthError(description="no ID token")
        return _merge_userinfo(app, token, dict(token["userinfo"]))
    except (OAuthError, JoseError, requests.RequestException, ValueError) as exc:
        raise _refusal(exc) from exc
