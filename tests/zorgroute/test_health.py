"""/gezond/ checks the database and the broker and names the one that fails.

Real services only: the test database and Redis of the test command, and for a failure a
loopback port that nothing listens on (the check gets a refused connection, as when the
service is down)."""

from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from zorgroute.health import TIMEOUT_SECONDS

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A loopback port with nothing listening: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(client: Client) -> Any:
    started = time.monotonic()
    response = client.get(reverse("gezond"))
    elapsed = time.monotonic() - started
    assert elapsed < 2 * TIMEOUT_SECONDS + 1, f"the check took {elapsed:.1f} s"
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response


def _with_broker(client: Client, url: str) -> Any:
    with override_settings(CELERY_BROKER_URL=url):
        return _get(client)


def test_all_ok_against_the_real_database_and_redis(client: Client) -> None:
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    response = _get(client)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_a_broker_that_is_down_gives_503_naming_the_broker(client: Client) -> None:
    response = _with_broker(client, f"redis://127.0.0.1:{_closed_port()}/0")
    assert response.status_code == 503
    assert response.json() == {"status": "fout", "database": "ok", "broker": "niet bereikbaar"}


def test_a_database_that_is_down_gives_503_naming_the_database(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second alias with the test database's settings but a closed port; the test's own
    connection is untouched."""
    down = {**settings.DATABASES["default"], "PORT": str(_closed_port())}
    monkeypatch.setitem(settings.DATABASES, "gezond-dicht", down)
    with override_settings(ZORGROUTE_HEALTH_DATABASE="gezond-dicht"):
        response = _get(client)
    assert response.status_code == 503
    assert response.json() == {"status": "fout", "database": "niet bereikbaar", "broker": "ok"}


def test_a_database_that_refuses_the_login_is_not_reachable_either(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = {**settings.DATABASES["default"], "PASSWORD": "niet-het-wachtwoord"}
    monkeypatch.setitem(settings.DATABASES, "gezond-fout", wrong)
    with override_settings(ZORGROUTE_HEALTH_DATABASE="gezond-fout"):
        response = _get(client)
    assert response.status_code == 503
    assert response.json()["database"] == "niet bereikbaar"
    assert "niet-het-wachtwoord" not in response.content.decode()


def test_both_down_names_both(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    down = {**settings.DATABASES["default"], "PORT": str(_closed_port())}
    monkeypatch.setitem(settings.DATABASES, "gezond-dicht", down)
    with override_settings(
        ZORGROUTE_HEALTH_DATABASE="gezond-dicht",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0",
    ):
        response = _get(client)
    assert response.status_code == 503
    assert response.json() == {
        "status": "fout",
        "database": "niet bereikbaar",
        "broker": "niet bereikbaar",
    }


def test_a_broker_that_does_not_answer_in_time_is_reported_as_too_slow(client: Client) -> None:
    """A listener that accepts the connection and never answers the PING."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0"):
            response = _get(client)
    assert response.status_code == 503
    assert response.json()["broker"] == f"geen antwoord binnen {TIMEOUT_SECONDS} seconden"


def test_inline_tasks_without_a_broker_count_as_healthy(client: Client) -> None:
    """The demo: no Redis, tasks run in the request."""
    response = _with_broker(client, "memory://")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "inline"}


def test_another_broker_kind_is_checked_too(client: Client) -> None:
    response = _with_broker(client, f"amqp://gast:geheim@127.0.0.1:{_closed_port()}//")
    assert response.status_code == 503
    assert response.json()["broker"] == "niet bereikbaar"
    assert "geheim" not in response.content.decode()


def test_the_check_answers_before_the_request_transaction_and_any_host_check(
    client: Client,
) -> None:
    """First in MIDDLEWARE: a load balancer's probe with its own Host header gets the answer
    (the host check, the session and the request transaction come after it)."""
    assert settings.MIDDLEWARE[0] == "zorgroute.health.HealthCheckMiddleware"
    with override_settings(ALLOWED_HOSTS=["zorgroute.example.nl"]):
        response = client.get(reverse("gezond"), HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_without_the_middleware_the_view_answers_the_same(client: Client) -> None:
    without = [m for m in settings.MIDDLEWARE if m != "zorgroute.health.HealthCheckMiddleware"]
    with override_settings(MIDDLEWARE=without):
        response = _get(client)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_the_demos_sqlite_file_is_checked_and_never_created(
    client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    demo = tmp_path / "demo.sqlite3"
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(demo)}
    monkeypatch.setitem(settings.DATABASES, "demo", sqlite)
    with override_settings(ZORGROUTE_HEALTH_DATABASE="demo", CELERY_BROKER_URL="memory://"):
        missing = _get(client)
        assert not demo.exists()
        sqlite3.connect(demo).close()
        present = _get(client)
    assert missing.status_code == 503
    assert missing.json() == {"status": "fout", "database": "niet bereikbaar", "broker": "inline"}
    assert present.status_code == 200
    assert present.json() == {"status": "ok", "database": "ok", "broker": "inline"}
