"""API clients in the request cycle: the bearer token names the client, the URL the school.

`TenantMiddleware` calls `enter_api_school` for every view that declares a
`required_scope` (the API views). The token is `zr_<key id>_<secret>`. Before any school is
known the app role may read exactly one client row: the one whose key id the request
presents (RLS policy `presented_key`, set transaction-locally). Then the school of the URL
becomes the tenant as for a logged-in user; a client of another school gets 404, as a
user without a membership does.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_scopes import scopes_disabled

from ..models import ApiClient, School
from .db import enter_school

TOKEN_RE = re.compile(r"^Bearer\s+zr_([0-9a-f]{16})_([A-Za-z0-9_-]{20,100})$")
PROBLEM_TYPE = "application/problem+json"


def problem_response(
    status: int,
    title: str,
    detail: str = "",
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """An RFC 9457 problem document (the one error shape of the API)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unauthorized(detail: str) -> HttpResponse:
    return problem_response(
        401,
        "Niet geauthenticeerd",
        detail,
        headers={"WWW-Authenticate": 'Bearer realm="zorgroute"'},
    )


def not_found() -> HttpResponse:
    return problem_response(404, "Niet gevonden", "Deze school of dit object bestaat niet.")


def _presented_client(header: str) -> ApiClient | None:
    match = TOKEN_RE.match(header.strip())
    if not match:
        return None
    key_id, secret = match.groups()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('zorgroute.api_key_id', %s, true)", [key_id])
    with scopes_disabled():  # RLS (presented_key) limits this to the presented key
        client = ApiClient.objects.filter(key_id=key_id).first()
    if client is None or not client.is_actief or not client.check_secret(secret):
        return None
    return client


def enter_api_school(
    request: HttpRequest, slug: str, scope: str
) -> tuple[School, ApiClient] | HttpResponse:
    """Authenticate the client and make the URL's school the tenant of this transaction, or
    return the problem response (401 no or bad token, 404 foreign school, 403 scope)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return unauthorized("Stuur een API-sleutel mee: Authorization: Bearer zr_….")
    client = _presented_client(header)
    if client is None:
        return unauthorized("Deze API-sleutel is onbekend, ongeldig of ingetrokken.")
    school = enter_school(slug, None)
    if school is None or school.pk != client.school_id:
        return not_found()
    if not client.has_scope(scope):
        return problem_response(
            403,
            "Geen toegang",
            f"Deze API-client mist de scope {scope}.",
            scope=scope,
        )
    today = timezone.localdate()
    if client.laatst_gebruikt_op != today:
        with scopes_disabled():
            ApiClient.objects.filter(pk=client.pk).update(laatst_gebruikt_op=today)
        client.laatst_gebruikt_op = today
    return school, client
