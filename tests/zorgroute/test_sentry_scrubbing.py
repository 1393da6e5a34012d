"""Error reports leave the portal without pupil data.

A real sentry_sdk client, configured exactly as settings.observability configures it
(zorgroute.observability.sentry_options), with a transport that records the envelopes it
would send: no network. A real view raises with a pupil's name in the URL, the POST, the
query string, a cookie, the headers, its local variables, the exception message and a log
line; the recorded envelope must hold none of it."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path
from django.views import View
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from tests.auth_helpers import log_in_verified
from tests.world import SchoolWorld
from zorgroute import permissions as p
from zorgroute.access import access_leerling
from zorgroute.observability import REDACTED, scrub_breadcrumb, scrub_event, sentry_options

ROOT = Path(__file__).resolve().parents[2]
#: A CSRF secret as the browser would hold it in its cookie and send back in the header.
CSRF = "Zq8x3rT0pLmN6vB2cW9yK4hJ7dF1gS5a"
logger = logging.getLogger("zorgroute.proef")


class MisluktBewarenView(View):
    """A care view that fails the way real code does: data in the message and the locals."""

    required_permission = p.VIEW_LEERLING

    def post(self, request: HttpRequest, school: str, leerling_uuid: str, zoek: str) -> Any:
        leerling = access_leerling(request, leerling_uuid)
        notitie = request.POST["notitie"]
        logger.warning("Notitie over %s niet bewaard", leerling)
        logger.error("Bewaren mislukt voor %s: %s", leerling, notitie)
        raise ValueError(f"Kan notitie over {leerling} ({zoek}) niet bewaren: {notitie}")

    def get(self, request: HttpRequest, school: str, leerling_uuid: str, zoek: str) -> Any:
        return HttpResponse(status=204)


urlpatterns = [
    path(
        "<slug:school>/proef/<uuid:leerling_uuid>/<str:zoek>/",
        MisluktBewarenView.as_view(),
        name="proef-fout",
    ),
    path("", include("zorgroute.urls")),
]


class RecordingTransport(Transport):
    """Keeps every envelope the client would send (sentry_sdk.transport.Transport API)."""

    envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        RecordingTransport.envelopes.append(envelope)


@contextmanager
def _recording_sentry(options: dict[str, Any]) -> Iterator[list[Envelope]]:
    RecordingTransport.envelopes = []
    sentry_sdk.init(dsn="https://publiek@sentry.invalid/1", transport=RecordingTransport, **options)
    try:
        yield RecordingTransport.envelopes
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


@pytest.fixture
def sentry() -> Iterator[list[Envelope]]:
    """The client exactly as settings.observability starts it."""
    with _recording_sentry(sentry_options()) as envelopes:
        yield envelopes


def _pupil_data(world: SchoolWorld) -> list[str]:
    leerling = world.leerling
    return [
        leerling.voornaam,
        leerling.achternaam,
        str(leerling.uuid),
        leerling.uuid.hex,
        "123456782",  # BSN
        "123.456.782",
        "ouder.jansen@example.org",
        "Woont sinds de scheiding bij oma",
        "bearer-geheim-token",
        "sessie-geheim",
    ]


def _wsgi_post(url: str, data: dict[str, str], cookies: str, **headers: str) -> int:
    """POST through Django's real WSGI entry point (the one gunicorn calls and Sentry's
    integration wraps), in this test's thread and transaction; like django.test.Client, the
    connection-closing signal handlers are held off for the duration."""
    path, _, query = url.partition("?")
    environ = RequestFactory().post(path, data, QUERY_STRING=query, HTTP_COOKIE=cookies, **headers)
    statuses: list[str] = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ.environ, lambda status, _headers: statuses.append(status))
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0])


def _pupil_request(world: SchoolWorld) -> tuple[str, dict[str, str], dict[str, str], str]:
    """URL, form and headers of the failing POST, every part naming the pupil. (Built here,
    not at the call: a logged error carries the source lines around each frame of its
    stack, and this test's own source must not be what leaks.)"""
    leerling = world.leerling
    url = (
        f"/{world.school.slug}/proef/{leerling.uuid}/{leerling.voornaam}-{leerling.achternaam}/"
        f"?bsn=123456782&naam={leerling.achternaam}"
    )
    form = {
        "notitie": "Woont sinds de scheiding bij oma",
        "bsn": "123.456.782",
        "ouder": "ouder.jansen@example.org",
        "naam": leerling.volledige_naam,
    }
    headers = {
        "HTTP_X_CSRFTOKEN": CSRF,
        "HTTP_AUTHORIZATION": "Bearer bearer-geheim-token",
        "HTTP_X_LEERLING": leerling.volledige_naam,
        "HTTP_USER_AGENT": "Firefox/140",
    }
    cookies = f"csrftoken={CSRF}; voorkeur={leerling.achternaam}; extra=sessie-geheim"
    return url, form, headers, cookies


def _fail_in_a_care_view(world: SchoolWorld, client: Client, sentry: list[Envelope]) -> str:
    """A zorgcoördinator's POST that fails in the view; returns all that was sent."""
    log_in_verified(client, world.users["zorgcoordinator"])
    session = client.cookies["sessionid"].value
    url, form, headers, cookies = _pupil_request(world)
    # The view is reachable and guarded like any tenant page.
    assert client.get(url).status_code == 204
    status = _wsgi_post(url, form, f"sessionid={session}; {cookies}", **headers)
    assert status == 500
    sentry_sdk.flush()
    return b"".join(envelope.serialize() for envelope in sentry).decode()


@override_settings(ROOT_URLCONF=__name__)
def test_without_the_scrubbing_the_same_error_would_carry_pupil_data(
    world: SchoolWorld, client: Client
) -> None:
    """The control: the SDK's defaults with no before_send send the pupil along."""
    raw = {"integrations": sentry_options()["integrations"], "traces_sample_rate": None}
    with _recording_sentry(raw) as envelopes:
        sent = _fail_in_a_care_view(world, client, envelopes)
    leaks = [value for value in _pupil_data(world) if value.lower() in sent.lower()]
    assert world.leerling.achternaam in leaks
    assert "Woont sinds de scheiding bij oma" in leaks


@override_settings(ROOT_URLCONF=__name__)
def test_a_real_view_error_reaches_sentry_without_any_pupil_data(
    world: SchoolWorld, client: Client, sentry: list[Envelope]
) -> None:
    sent = _fail_in_a_care_view(world, client, sentry)
    events = [e.get_event() for e in sentry if e.get_event() is not None]
    errors = [e for e in events if e.get("exception")]
    assert errors, events
    leaks = [value for value in _pupil_data(world) if value.lower() in sent.lower()]
    assert not leaks, f"pupil data in the report: {leaks}"

    # What a developer needs is still there.
    error = errors[0]
    exception = error["exception"]["values"][-1]
    assert exception["type"] == "ValueError"
    assert exception["value"] == REDACTED
    frames = exception["stacktrace"]["frames"]
    view_frame = next(f for f in frames if f["function"] == "post")
    assert view_frame["module"] == __name__ and view_frame["lineno"] > 0
    assert "raise ValueError" in view_frame["context_line"]
    assert all("vars" not in frame for frame in frames)
    assert error["request"] == {
        "method": "POST",
        "url": "http://testserver/<slug:school>/proef/<uuid:leerling_uuid>/<str:zoek>/",
        "headers": {
            "Content-Length": error["request"]["headers"]["Content-Length"],
            "Content-Type": "multipart/form-data; boundary=BoUnDaRyStRiNg",
            "User-Agent": "Firefox/140",
        },
    }
    assert error["transaction"] == "/<slug:school>/proef/<uuid:leerling_uuid>/<str:zoek>/"
    assert "user" not in error
    crumb_messages = [c.get("message") for c in error["breadcrumbs"]["values"]]
    assert "Notitie over %s niet bewaard" in crumb_messages
    # A logged error arrives as its template only.
    logged = [e["logentry"] for e in events if e.get("logentry")]
    assert {"message": "Bewaren mislukt voor %s: %s"} in logged, logged


def test_the_scrubber_drops_every_carrier_of_data_from_a_raw_event() -> None:
    """The same, for an event the SDK's own settings did not already trim (a safety net
    that does not depend on the SDK's data_collection)."""
    event: dict[str, Any] = {
        "transaction": "/{school}/leerlingen/{leerling_uuid}/",
        "transaction_info": {"source": "route"},
        "request": {
            "method": "POST",
            "url": "https://zorgroute.example.nl/alfa/leerlingen/0d8a7c9e-3b1f-4a55-9c1e-1f2b3c4d5e6f/",
            "query_string": "naam=Jansen",
            "data": {"notitie": "Sanne Jansen slaapt slecht"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Authorization": "Bearer x", "Cookie": "a=b", "User-Agent": "Firefox"},
            "env": {"REMOTE_ADDR": "10.1.2.3"},
        },
        "user": {"id": "7", "email": "mentor@school.nl", "ip_address": "10.1.2.3"},
        "extra": {"leerling": "Sanne Jansen"},
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": "Key (bsn)=(123456782) already exists: Sanne Jansen",
                    "stacktrace": {
                        "frames": [{"function": "f", "lineno": 3, "vars": {"naam": "Sanne Jansen"}}]
                    },
                }
            ]
        },
        "logentry": {
            "message": "Mislukt voor %s",
            "params": ["Sanne Jansen"],
            "formatted": "Mislukt voor Sanne Jansen",
        },
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT 1", "data": {"params": ["Jansen"]}},
                {"category": "httplib", "data": {"url": "https://x/?naam=Jansen"}},
            ]
        },
        "contexts": {"trace": {"description": "GET /alfa/leerlingen/123456782/"}},
    }
    scrubbed = scrub_event(event, {})
    text = json.dumps(scrubbed)
    for value in ("Jansen", "123456782", "0d8a7c9e", "mentor@school.nl", "10.1.2.3", "Bearer"):
        assert value not in text, value
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "https://zorgroute.example.nl/<slug:school>/leerlingen/<uuid:leerling_uuid>/",
        "headers": {"User-Agent": "Firefox"},
    }
    assert scrubbed["logentry"] == {"message": "Mislukt voor %s"}
    assert scrubbed["exception"]["values"][0]["type"] == "IntegrityError"


def test_an_unresolved_url_keeps_no_path_at_all() -> None:
    scrubbed = scrub_event({"request": {"url": "https://h.nl/Sanne-Jansen/x/"}}, {})
    assert scrubbed["request"]["url"] == f"https://h.nl/{REDACTED}"


def test_a_log_breadcrumb_keeps_only_its_template() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "Dossier van %s", ("Jansen",), None)
    crumb = scrub_breadcrumb(
        {"message": "Dossier van Jansen", "data": {"naam": "Jansen"}, "category": "x"},
        {"log_record": record},
    )
    assert crumb == {"message": "Dossier van %s", "category": "x"}


def _sentry_state(dsn: str | None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    if dsn:
        env["SENTRY_DSN"] = dsn
    code = (
        "import django, json, sentry_sdk; django.setup(); c = sentry_sdk.get_client(); "
        "o = c.options if c.is_active() else {}; "
        "print(json.dumps({'active': c.is_active(), "
        "'before_send': getattr(o.get('before_send'), '__qualname__', None), "
        "'bodies': o.get('max_request_body_size')}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "zorgroute.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    state: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return state


def test_error_tracking_is_off_without_a_dsn_and_scrubbed_with_one() -> None:
    assert _sentry_state(None) == {"active": False, "before_send": None, "bodies": None}
    assert _sentry_state("https://publiek@sentry.invalid/1") == {
        "active": True,
        "before_send": "scrub_event",
        "bodies": "never",
    }
