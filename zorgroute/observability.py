"""Error reports to Sentry without pupil data (settings.observability turns it on).

The portal holds care data about children; an error report leaves the school's processing
agreement. So a report keeps what a developer needs to find the bug (exception type, stack
trace with source lines, the URL *pattern*, the log message template) and drops everything
that can carry a pupil: request bodies, query strings, cookies and headers, the user, the
local variables of each frame, exception messages (they are formatted with data:
"… Jan de Vries …", "Key (bsn)=(123456782) already exists"), log arguments and breadcrumb
data. What is left is scrubbed once more for values that look like identifiers: UUIDs (a
pupil's URL), e-mail addresses, BSN-like numbers and every other run of five or more digits.

The SDK's own collection is switched off as far as it goes (`data_collection`, see
`sentry_options`); `before_send` and `before_breadcrumb` are the part that does not depend
on the SDK getting it right.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

REDACTED = "[weggelaten]"

_IDENTIFIERS = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"  # uuid
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail address
    r"|\b\d{3}[.\s-]\d{2,3}[.\s-]\d{3}\b"  # BSN written in groups: 123.456.782
    r"|\d{5,}"  # BSN, leerlingnummer, phone numbers, any long number
)

#: Request headers a report may keep (none of them can hold a pupil or a credential).
SAFE_HEADERS = frozenset({"content-type", "content-length", "user-agent", "accept"})

#: Keys whose values are dropped wherever they occur in the event.
_DROPPED_KEYS = frozenset({"vars", "data", "cookies", "query_string", "env", "params"})

#: Keys whose values are structure, not data: ids and times Sentry needs intact, and the
#: source lines and file names of a stack frame (code, never a pupil).
_STRUCTURAL_KEYS = frozenset(
    {
        "event_id", "trace_id", "span_id", "parent_span_id", "timestamp", "start_timestamp",
        "release", "dist", "sdk", "abs_path", "filename", "module", "function", "package",
        "context_line", "pre_context", "post_context", "lineno", "colno",
    }
)  # fmt: skip


def scrub_text(value: str) -> str:
    return _IDENTIFIERS.sub(REDACTED, value)


def _scrub_tree(value: Any) -> Any:
    """Every string in a JSON-like tree scrubbed; every key in _DROPPED_KEYS removed."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            k: v if k in _STRUCTURAL_KEYS else _scrub_tree(v)
            for k, v in value.items()
            if k not in _DROPPED_KEYS
        }
    if isinstance(value, list | tuple):
        return [_scrub_tree(v) for v in value]
    return value


def _route(path: str) -> str:
    """The URL pattern `path` matches, which holds no values:
    /<slug:school>/leerlingen/<uuid:leerling_uuid>/ (or no path at all)."""
    from django.urls import Resolver404, resolve

    try:
        return "/" + resolve(path).route
    except Resolver404:
        return f"/{REDACTED}"


def _scrub_request(event: dict[str, Any]) -> None:
    """Method, URL pattern and the safe headers; the route also names the transaction (the
    SDK may name it after the last database query)."""
    request = event.pop("request", None)
    if not isinstance(request, dict) or not request.get("url"):
        return
    parts = urlsplit(str(request["url"]))
    route = _route(parts.path)
    headers = request.get("headers") or {}
    event["request"] = {
        "method": request.get("method"),
        "url": f"{parts.scheme}://{parts.netloc}{route}",
        "headers": {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS},
    }
    event["transaction"] = route
    event["transaction_info"] = {"source": "route"}


def _scrub_exceptions(event: dict[str, Any]) -> None:
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = REDACTED


def _scrub_logentry(event: dict[str, Any]) -> None:
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        # The template ("%s: %s") stays; the arguments and the formatted text go.
        event["logentry"] = {"message": logentry.get("message")}
    if "message" in event and "logentry" not in event:
        event["message"] = REDACTED


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """`before_send`: the report without pupil data (see the module docstring)."""
    event.pop("user", None)
    event.pop("extra", None)
    _scrub_request(event)
    _scrub_exceptions(event)
    _scrub_logentry(event)
    crumbs = event.get("breadcrumbs")
    if isinstance(crumbs, dict):
        crumbs["values"] = [scrub_breadcrumb(dict(c), {}) for c in crumbs.get("values") or []]
    scrubbed: dict[str, Any] = _scrub_tree(event)
    return scrubbed


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """`before_breadcrumb`: category, level and time; a log message only as its template."""
    record = (hint or {}).get("log_record")
    if record is not None:
        crumb["message"] = str(record.msg)
    crumb.pop("data", None)
    scrubbed: dict[str, Any] = _scrub_tree(crumb)
    return scrubbed


def _drop(item: Any, hint: Any) -> None:
    """Structured Sentry Logs are not sent at all."""
    return None


def sentry_options() -> dict[str, Any]:
    """Everything `sentry_sdk.init` gets besides the DSN, environment and release."""
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    off: dict[str, Any] = {"mode": "off"}
    before_send: Callable[..., Any] = scrub_event
    return {
        # Log lines from INFO up as breadcrumbs, ERROR and up as events (3.x no longer adds
        # the logging integration by default); no Sentry Logs (level=None: those carry the
        # formatted line and its arguments).
        "integrations": [
            DjangoIntegration(),
            CeleryIntegration(),
            LoggingIntegration(
                level=None, event_level=logging.ERROR, breadcrumb_level=logging.INFO
            ),
        ],
        "data_collection": {
            "user_info": False,
            "cookies": off,
            "http_headers": {"request": {"mode": "allowlist", "terms": sorted(SAFE_HEADERS)}},
            "http_bodies": [],
            "url_query_params": off,
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        "max_request_body_size": "never",
        "before_send": before_send,
        "before_breadcrumb": scrub_breadcrumb,
        "before_send_log": _drop,
        # Errors only: no performance traces (their spans carry URLs and SQL).
        "traces_sample_rate": None,
    }
