"""Whether this session has passed a second factor, in one place.

A TOTP or backup code (django-otp) and a school identity provider whose MFA claim the school
trusts both end in `verify_second_factor`; the tenant middleware and the care API ask
`has_second_factor`. Passing the factor gives the session a new key (no session fixation).
"""

from __future__ import annotations

from django.http import HttpRequest

#: The session key; its value says how the factor was passed ("totp", "backup", "oidc").
SESSION_KEY = "zorgroute_tweede_factor"


def verify_second_factor(request: HttpRequest, *, via: str) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = via


def has_second_factor(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def second_factor_method(request: HttpRequest) -> str:
    return str(request.session.get(SESSION_KEY, ""))
