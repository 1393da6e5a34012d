"""Sending a webhook: the signature, which URLs are allowed, and one POST.

Every request is a JSON POST with these headers (see README, "Webhooks"):

- `X-Zorgroute-Event`: `wijzigingen` (a batch of the change feed) or `ping` (a test).
- `X-Zorgroute-Delivery`: a UUID, the same for every attempt of the same batch.
- `X-Zorgroute-Signature`: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with
  the webhook's secret. The receiver recomputes it over the raw body, compares in constant
  time and refuses a `t` more than five minutes old (replays).

Only https is sent to (plain http only to localhost, and only where the settings allow it,
for development and tests); redirects are never followed; addresses that resolve to a
private, loopback or link-local network are refused, so a webhook cannot reach the
internal network; connect + read together are bounded by a short timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

SIGNATURE_HEADER = "X-Zorgroute-Signature"
EVENT_HEADER = "X-Zorgroute-Event"
DELIVERY_HEADER = "X-Zorgroute-Delivery"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
#: A receiver should refuse a signature older than this (documented for integrators).
MAX_AGE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Zorgroute-Signature value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    max_age: int = MAX_AGE_SECONDS,
) -> bool:
    """What a receiver does (also used by the tests): recompute, compare, check the age."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > max_age:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def _local_allowed() -> bool:
    return bool(getattr(settings, "ZORGROUTE_WEBHOOK_LOCALHOST", False))


def url_problem(url: str) -> str | None:
    """Why this URL cannot be a webhook (Dutch, for the form), or None."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        _port = parts.port
    except ValueError:
        return "Dit is geen geldig adres."
    if parts.scheme not in ("https", "http") or not host:
        return "Vul een volledig adres in dat begint met https://."
    if parts.username or parts.password:
        return (
            "Zet geen gebruikersnaam of wachtwoord in het adres; de handtekening bewijst wie "
            "er stuurt."
        )
    local = host in LOCAL_HOSTS
    if parts.scheme == "http" and not (local and _local_allowed()):
        return "Alleen https-adressen: de wijzigingen gaan versleuteld over het internet."
    if local and not _local_allowed():
        return (
            "Dit adres is niet bereikbaar vanaf Zorgroute; kies het openbare adres van de "
            "koppeling."
        )
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not ip.is_global and not (local and _local_allowed()):
        return "Een adres in een intern netwerk is niet toegestaan; kies een openbaar adres."
    return None


def _resolves_privately(host: str, port: int) -> str | None:
    """Refuse a host name that points into a private network (checked at send time)."""
    if host in LOCAL_HOSTS and _local_allowed():
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"Adres niet gevonden ({exc.strerror or exc})."
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            return "Het adres verwijst naar een intern netwerk; er is niets verstuurd."
    return None


@dataclass(frozen=True)
class Antwoord:
    """What came of one POST."""

    gelukt: bool
    http_status: int | None
    fout: str
    duur_ms: int


def send(*, url: str, secret: str, event: str, delivery_id: str, body: bytes) -> Antwoord:
    """POST `body` once, signed. Never raises for a network or HTTP problem: the answer says
    what went wrong (in Dutch, for the beheer page)."""
    start = time.monotonic()

    def done(gelukt: bool, status: int | None, fout: str) -> Antwoord:
        return Antwoord(gelukt, status, fout[:500], int((time.monotonic() - start) * 1000))

    problem = url_problem(url)
    if problem:
        return done(False, None, problem)
    parts = urlsplit(url)
    problem = _resolves_privately(
        parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    )
    if problem:
        return done(False, None, problem)
    timeout = float(getattr(settings, "ZORGROUTE_WEBHOOK_TIMEOUT", 5.0))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Zorgroute-Webhook/1",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery_id,
        SIGNATURE_HEADER: signature(secret, int(time.time()), body),
    }
    pool = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=timeout))
    try:
        response = pool.request(
            "POST", url, body=body, headers=headers, redirect=False, preload_content=False
        )
        try:
            response.read(4096, cache_content=False)  # bounded: the body is not used
        finally:
            response.release_conn()
    except urllib3.exceptions.TimeoutError:
        return done(False, None, f"Geen antwoord binnen {timeout:g} seconden.")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return done(False, None, f"Verbinding mislukt: {type(exc).__name__}.")
    finally:
        pool.clear()
    status = response.status
    if 200 <= status < 300:
        return done(True, status, "")
    if 300 <= status < 400:
        return done(False, status, f"Doorverwijzing (HTTP {status}) wordt niet gevolgd.")
    return done(False, status, f"De ontvanger antwoordde HTTP {status}.")
