"""The login identity and the lockout after failed logins (django-axes), in one place.

One normalisation of the e-mail address a person logs in with (`normalize_login_email`:
spaces off, lower case), used by the login form, the password-reset form and the lockout
key, so "Jan@School.nl " and "jan@school.nl" are one account everywhere.

The lockout counts failures two ways within the cool-off time (AXES_COOLOFF_TIME):
- per account: AXES_FAILURE_LIMIT failures lock the account, from whatever address;
- per source: ZORGROUTE_LOGIN_SOURCE_FAILURE_LIMIT failures from one client address, over
  any accounts, lock that address.
django-axes has one limit for all its lockout parameters; a school's staff often share one
public address (NAT), so five typos over the whole staff must not lock a school out. The
handler below therefore compares the per-source count with its own, higher limit.

Password-reset mails have the same two limits (`allow_password_reset`), counted in the
"ratelimit" cache: ZORGROUTE_PASSWORD_RESET_PER_ADDRESS per address and
ZORGROUTE_PASSWORD_RESET_PER_SOURCE per client address within an hour. Every request counts,
whether the address has an account or not, and the answer is the same either way.
"""

from __future__ import annotations

import hashlib
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def normalize_login_email(value: str | None) -> str:
    """The one form of a login e-mail address: without surrounding spaces, lower case."""
    return (value or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the lockout key of the account is the normalised address."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = credentials.get(field) if credentials else request.POST.get(field)
    return normalize_login_email(raw) if raw is not None else None


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a separate limit per source (see the module docstring)."""

    def _recent(self, request: HttpRequest) -> QuerySet[AccessAttempt]:
        return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The account's failures; once the source has reached its own limit, at least the
        account limit (axes compares this one number with AXES_FAILURE_LIMIT)."""
        recent = self._recent(request)
        per_account = _failures(recent.filter(username=get_client_username(request, credentials)))
        per_source = _failures(recent.filter(ip_address=request.axes_ip_address))  # type: ignore[attr-defined]
        if per_source >= settings.ZORGROUTE_LOGIN_SOURCE_FAILURE_LIMIT:
            return max(per_account, get_failure_limit(request, credentials))
        return per_account

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful login clears the failures of that account only. Not the source's:
        else logging in to one's own account would wipe the count of guesses at a
        colleague's account made from the same address."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def _count(key: str) -> int:
    """One more in this hour's counter for key (a fixed window that starts with the first)."""
    cache = caches["ratelimit"]
    cache.add(key, 0, timeout=settings.ZORGROUTE_PASSWORD_RESET_WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.ZORGROUTE_PASSWORD_RESET_WINDOW_SECONDS)
        return 1


def allow_password_reset(request: HttpRequest, email: str) -> bool:
    """Count a password-reset request; False when its address or its source is over the
    limit (then no mail goes out)."""
    # The address as a hash: the counter store holds no e-mail addresses.
    address = hashlib.sha256(normalize_login_email(email).encode()).hexdigest()
    per_address = _count(f"wachtwoord-reset:adres:{address}")
    per_source = _count(f"wachtwoord-reset:bron:{get_client_ip_address(request)}")
    return (
        per_address <= settings.ZORGROUTE_PASSWORD_RESET_PER_ADDRESS
        and per_source <= settings.ZORGROUTE_PASSWORD_RESET_PER_SOURCE
    )
