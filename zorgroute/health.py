"""The health check behind /gezond/: is the database there, is the broker there?

Each check gets a short timeout and answers "ok" or a Dutch reason that names no host,
port, user or password (the answer is public). The reason behind a failure goes to the
server log only.

`HealthCheckMiddleware` answers /gezond/ before any other middleware: the request
transaction (`DatabaseRoleMiddleware`) needs the database, so a view behind it could never
say that the database is down, and a load balancer's probe needs no host check, no session
and no https redirect.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
import redis
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

logger = logging.getLogger(__name__)

#: Seconds each check may take (connect and answer).
TIMEOUT_SECONDS = 2

OK = "ok"
INLINE = "inline"
NOT_REACHABLE = "niet bereikbaar"
TOO_SLOW = f"geen antwoord binnen {TIMEOUT_SECONDS} seconden"
WRONG_ANSWER = "onverwacht antwoord"


def _reason(component: str, exc: BaseException) -> str:
    logger.warning("Gezondheidscontrole: %s faalt (%s)", component, type(exc).__name__)
    if isinstance(exc, TimeoutError | socket.timeout | redis.TimeoutError):
        return TOO_SLOW
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return TOO_SLOW
    return NOT_REACHABLE


def _postgres_select_one(params: dict[str, Any]) -> None:
    """A fresh connection (not the pool: a pool waits far longer for a connection)."""
    with psycopg.connect(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        connect_timeout=TIMEOUT_SECONDS,
        options=f"-c statement_timeout={TIMEOUT_SECONDS * 1000}",
        autocommit=True,
    ) as conn:
        row = conn.execute("SELECT 1").fetchone()
    if row != (1,):
        raise ValueError(WRONG_ANSWER)


def _sqlite_select_one(path: str) -> None:
    """The embedded SQLite of the demo: the file must exist (read-write, never created)."""
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=TIMEOUT_SECONDS)
    try:
        row = conn.execute("SELECT 1").fetchone()
    finally:
        conn.close()
    if row != (1,):
        raise ValueError(WRONG_ANSWER)


def check_database(alias: str | None = None) -> str:
    """ "ok" or why the database (DATABASES[alias], default ZORGROUTE_HEALTH_DATABASE) fails."""
    alias = alias or settings.ZORGROUTE_HEALTH_DATABASE
    params = settings.DATABASES[alias]
    try:
        if params["ENGINE"] == "django.db.backends.postgresql":
            _postgres_select_one(params)
        elif params["ENGINE"] == "django.db.backends.sqlite3":
            _sqlite_select_one(str(params["NAME"]))
        else:
            connections[alias].ensure_connection()
    except Exception as exc:
        return _reason("database", exc)
    return OK


def check_broker(url: str | None = None) -> str:
    """ "ok", "inline" (no broker: tasks run in the request, the demo) or why it fails."""
    url = settings.CELERY_BROKER_URL if url is None else url
    if not url or url.startswith("memory://"):
        return INLINE
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            client = redis.Redis.from_url(
                url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
            )
            try:
                if client.ping() is not True:
                    raise ValueError(WRONG_ANSWER)
            finally:
                client.close()
        else:
            _kombu_connect(url)
    except Exception as exc:
        return _reason("broker", exc)
    return OK


def _kombu_connect(url: str) -> None:
    """Any other broker Celery supports (AMQP …): connect once, no retries."""
    from kombu import Connection

    with Connection(url, connect_timeout=TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


def health_report() -> tuple[dict[str, str], bool]:
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(value in (OK, INLINE) for value in checks.values())
    return {"status": OK if healthy else "fout", **checks}, healthy


def health_response() -> JsonResponse:
    report, healthy = health_report()
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """Answers GET/HEAD /gezond/ itself, first in MIDDLEWARE (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._path is None:
            self._path = reverse("gezond")
        if request.path_info == self._path and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
