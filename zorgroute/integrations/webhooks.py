"""Sending a webhook: the signature, which URLs are allowed, and one POST.

Every request is a JSON POST with these headers (see README, "Webhooks"):

- `X-Zorgroute-Event`: `wijzigingen` (a batch of the change feed) or `ping` (a test).
- `X-Zorgroute-Delivery`: a UUID, the same for every attempt of the same batch.
- `X-Zorgroute-Signature`: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with
  the webhook's secret. The receiver recomputes it over the raw body, compares in constant
  time and refuses a `t` more than five minutes old (replays).

Only https is sent to (plain http only to localhost, and only where the settings allow it,
for development and tests); redirects are never followed; addresses that resolve to a
private, loopback or link-local network are refused, also in their IPv6 forms (IPv4-mapped,
IPv4-compatible, NAT64, 6to4, Teredo), so a webhook cannot reach the internal network. The
name is resolved once: every address is checked and the connection goes to the first,
with the Host header and the certificate check (SNI) of the name, so DNS rebinding cannot
swap in another address. Connect + read together are bounded by a short timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Any
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


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: NAT64 prefixes: the well-known one embeds an IPv4 address in its last 32 bits (a NAT64
#: gateway turns 64:ff9b::a9fe:a9fe into 169.254.169.254); the local-use one is never public.
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")
#: IPv4-compatible IPv6 addresses (::a.b.c.d, deprecated but still routed by some stacks).
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
INTERN = "Een adres in een intern netwerk is niet toegestaan; kies een openbaar adres."


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries: IPv4-mapped, NAT64, IPv4-compatible, 6to4
    or Teredo (its client address)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64_WELL_KNOWN or (ip in IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return ip.teredo[1] if ip.teredo is not None else None


def address_problem(ip: IPAddress) -> str | None:
    """Why a webhook may not connect to this address (Dutch), or None: only public
    addresses, also inside an IPv6 form of an IPv4 address; loopback only where the
    settings allow localhost (development, tests)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL_USE:
            return INTERN
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return address_problem(embedded)
    if ip.is_loopback and _local_allowed():
        return None
    if not ip.is_global or ip.is_multicast:
        return INTERN
    return None


def _literal_ip(host: str) -> IPAddress | None:
    """The address a host names without DNS: an IP literal, also the short and numeric
    IPv4 forms the resolver accepts (127.1, 2130706433, 0x7f000001)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


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
    ip = _literal_ip(host)
    return None if ip is None else address_problem(ip)


class Refused(Exception):
    """The address cannot be sent to; the message says why, in Dutch."""


def resolve(host: str, port: int) -> str:
    """Resolve once and check every address the name has; the first is the one to connect
    to. Connecting to it (not to the name) is what stops DNS rebinding: a second lookup
    could answer an internal address after this one answered a public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"Adres niet gevonden ({exc.strerror or exc}).") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise Refused("Adres niet gevonden.")
    for ip in addresses:
        if address_problem(ip):
            raise Refused("Het adres verwijst naar een intern netwerk; er is niets verstuurd.")
    return str(addresses[0])


def _pool(scheme: str, address: str, host: str, port: int, timeout: float) -> Any:
    """A connection pool to the checked address; https verifies the certificate against the
    host name (SNI and hostname check), not against the address."""
    options: dict[str, Any] = {
        "port": port,
        "timeout": urllib3.Timeout(total=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=settings.ZORGROUTE_WEBHOOK_CA_CERTS or None,
            **options,
        )
    return urllib3.HTTPConnectionPool(address, **options)


def _host_header(host: str, port: int | None) -> str:
    name = f"[{host}]" if ":" in host else host
    return name if port is None else f"{name}:{port}"


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
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = resolve(host, port)
    except Refused as exc:
        return done(False, None, str(exc))
    timeout = float(getattr(settings, "ZORGROUTE_WEBHOOK_TIMEOUT", 5.0))
    headers = {
        "Host": _host_header(host, parts.port),
        "Content-Type": "application/json",
        "User-Agent": "Zorgroute-Webhook/1",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery_id,
        SIGNATURE_HEADER: signature(secret, int(time.time()), body),
    }
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    pool = _pool(parts.scheme, address, host, port, timeout)
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            response.read(4096, cache_content=False)  # bounded: the body is not used
        finally:
            response.release_conn()
    except urllib3.exceptions.NewConnectionError:  # a subclass of TimeoutError in urllib3
        return done(False, None, "Verbinding mislukt: NewConnectionError.")
    except urllib3.exceptions.TimeoutError:
        return done(False, None, f"Geen antwoord binnen {timeout:g} seconden.")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return done(False, None, f"Verbinding mislukt: {type(exc).__name__}.")
    finally:
        pool.close()
    status = response.status
    if 200 <= status < 300:
        return done(True, status, "")
    if 300 <= status < 400:
        return done(False, status, f"Doorverwijzing (HTTP {status}) wordt niet gevolgd.")
    return done(False, status, f"De ontvanger antwoordde HTTP {status}.")
