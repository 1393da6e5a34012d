"""Schema post-processing: every operation documents the one error shape
(application/problem+json) for the errors any endpoint can give."""

from __future__ import annotations

from typing import Any

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
COMMON_ERRORS = {
    "400": "Invalid query parameter or body field (fouten names each).",
    "401": "No, unknown or revoked API key.",
    "403": "The API client lacks the scope this endpoint needs.",
    "404": "No such school for this client, or no such object in it.",
    "429": "Rate limit of the client reached; see Retry-After.",
}
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; title and detail are Dutch, for people.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "fouten": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "index": {"type": "integer", "nullable": True},
                    "veld": {"type": "string"},
                    "reden": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status"],
}


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    response["content"] = {"application/problem+json": {"schema": PROBLEM_REF}}
    return result
