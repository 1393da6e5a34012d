"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded via SCHEMATHESIS_HOOKS).

`foreign_client_gets_404`: in the run with another school's API key (ST_VREEMDE_SLEUTEL
set), every answer must be 404 (the school is "missing or not yours"), or 401 for the
requests schemathesis sends without the key; never data and never a 5xx."""

from __future__ import annotations

import os
from typing import Any

import schemathesis


@schemathesis.check
def foreign_client_gets_404(ctx: Any, response: Any, case: Any) -> bool | None:
    if not os.environ.get("ST_VREEMDE_SLEUTEL"):
        return None
    if response.status_code not in (401, 404):
        raise AssertionError(
            f"{case.method} {case.formatted_path}: a client of another school got "
            f"{response.status_code}, expected 404"
        )
    return None
