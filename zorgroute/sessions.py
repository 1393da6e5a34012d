"""How long a login lasts, and ending every session of an account.

- Idle timeout: a session unused for ZORGROUTE_SESSION_IDLE_SECONDS (30 minutes) ends.
- Absolute timeout: a session ends ZORGROUTE_SESSION_ABSOLUTE_SECONDS (10 hours) after the
  login, however busy.
  The login starts both clocks (`start_session_clocks`, on Django's `user_logged_in`);
  `SessionTimeoutMiddleware` moves the last use on (at most once a minute, to save writes)
  and logs an ended session out, sending it to the login page with a Dutch message (an htmx
  request gets HX-Redirect).
- Log out everywhere: `end_all_sessions` raises the account's session generation, which is
  part of `Gebruiker`'s session auth hash; every session holding the old hash (on any device)
  is then refused by Django's authentication middleware. A password change does the same.

A login itself gets a new session key from Django's `login()` (no session fixation).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from .models import Gebruiker

#: Session keys: when this session logged in, and when it was last used (Unix seconds).
LOGIN_AT = "zorgroute_ingelogd_om"
ACTIVE_AT = "zorgroute_actief_om"
#: The last use is written at most this often, not on every request (a session save each).
ACTIVITY_RESOLUTION = 60


def end_all_sessions(*, user: Gebruiker) -> None:
    """End every session of this account, on every device (this request's too)."""
    Gebruiker.objects.filter(pk=user.pk).update(sessie_generatie=F("sessie_generatie") + 1)
    user.refresh_from_db(fields=["sessie_generatie"])


def _expiry_message(request: HttpRequest, now: float) -> str | None:
    """Why this session has ended, or None while it is alive."""
    session = request.session
    login_at = session.get(LOGIN_AT)
    active_at = session.get(ACTIVE_AT)
    if login_at is None or active_at is None:
        return None
    if now - login_at > settings.ZORGROUTE_SESSION_ABSOLUTE_SECONDS:
        hours = settings.ZORGROUTE_SESSION_ABSOLUTE_SECONDS / 3600
        return (
            f"Je was langer dan {hours:g} uur ingelogd en bent automatisch uitgelogd. "
            "Log opnieuw in om verder te gaan."
        )
    if now - active_at > settings.ZORGROUTE_SESSION_IDLE_SECONDS:
        minutes = settings.ZORGROUTE_SESSION_IDLE_SECONDS / 60
        return (
            f"Je was {minutes:g} minuten niet actief en bent automatisch uitgelogd. "
            "Log opnieuw in om verder te gaan."
        )
    return None


def start_session_clocks(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """`user_logged_in` receiver (connected in apps.py): every way in (the login form, a
    school's identity provider, `force_login`) starts both clocks at the login itself."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[ACTIVE_AT] = now


def _mark_activity(request: HttpRequest, now: float) -> None:
    session = request.session
    if session.get(LOGIN_AT) is None:  # a session from before these clocks existed
        session[LOGIN_AT] = now
        session[ACTIVE_AT] = now
    elif now - session.get(ACTIVE_AT, 0) >= ACTIVITY_RESOLUTION:
        session[ACTIVE_AT] = now


def _to_login(request: HttpRequest, message: str) -> HttpResponse:
    is_htmx = request.headers.get("HX-Request") == "true"
    back = request.get_full_path() if request.method == "GET" and not is_htmx else ""
    logout(request)
    messages.warning(request, message)
    url = resolve_url(settings.LOGIN_URL)
    if back:
        url += "?" + urlencode({"next": back})
    if is_htmx:
        # htmx would swap the login page into a fragment; this makes it load the page.
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class SessionTimeoutMiddleware:
    """Ends a logged-in session after the idle or the absolute timeout (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            message = _expiry_message(request, now)
            if message is not None:
                return _to_login(request, message)
            _mark_activity(request, now)
        return self.get_response(request)
