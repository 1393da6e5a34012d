"""Idempotency-Key on writes: the first answer is stored with a hash of the body; a retry
with the same key and body gets that answer again without running the write again."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from zorgroute.models import ApiClient
from zorgroute.tenancy.api_auth import PROBLEM_TYPE

from .models import IdempotentVerzoek

HEADER = "Idempotency-Key"
MAX_KEY = 200
#: Visible ASCII without spaces (a UUID, a hash, a batch name); the schema has the pattern.
KEY_PATTERN = f"^[!-~]{{1,{MAX_KEY}}}$"
KEY_RE = re.compile(KEY_PATTERN)


class KeyReused(exceptions.APIException):
    status_code = 422
    default_detail = (
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik per batch een "
        "nieuwe sleutel."
    )


def idempotent(
    request: Request, client: ApiClient, run: Callable[[], tuple[int, dict[str, Any]]]
) -> Response:
    """Run `run()` (status, body) at most once per Idempotency-Key of this client."""
    if HEADER not in request.headers:
        status, body = run()
        return _answer(status, body)
    key = request.headers[HEADER]
    if not KEY_RE.fullmatch(key):
        raise exceptions.ValidationError(
            {HEADER: [f"Een Idempotency-Key is 1 tot {MAX_KEY} zichtbare ASCII-tekens lang."]}
        )
    body_hash = hashlib.sha256(request.body).hexdigest()
    stored = IdempotentVerzoek.objects.filter(client=client, sleutel=key).first()
    if stored is not None:
        return _replay(stored, body_hash, request.path)
    status, body = run()
    try:
        with transaction.atomic():
            IdempotentVerzoek.objects.create(
                school_id=client.school_id,
                client=client,
                sleutel=key,
                pad=request.path[:400],
                body_hash=body_hash,
                status=status,
                antwoord=body,
            )
    except IntegrityError:
        # A parallel request with the same key won the race: answer as it did. Our own
        # write is rolled back with the request (the caller's transaction).
        stored = IdempotentVerzoek.objects.get(client=client, sleutel=key)
        transaction.set_rollback(True)
        return _replay(stored, body_hash, request.path)
    return _answer(status, body)


def _replay(stored: IdempotentVerzoek, body_hash: str, path: str) -> Response:
    if stored.body_hash != body_hash or stored.pad != path[:400]:
        raise KeyReused
    response = _answer(stored.status, stored.antwoord)
    response["Idempotency-Replayed"] = "true"
    return response


def _answer(status: int, body: dict[str, Any]) -> Response:
    return Response(body, status=status, content_type=PROBLEM_TYPE if status >= 400 else None)
