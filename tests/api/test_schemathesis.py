"""Schemathesis against the served OpenAPI schema, with a live server on 127.0.0.1.

Run 1, school A's key with every scope: all checks (no server errors, responses and status
codes and content types as documented, negative data rejected, `ignored_auth`: requests
without or with a broken key must be refused). Run 2, a key of school B on school A's
URLs: every answer is a 404 (401 where schemathesis leaves the key out), never data and
never a 5xx. Bounded by a fixed number of examples and a seed, so it runs in about a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from zorgroute.integrations.services import apiclient_create
from zorgroute.models import ApiScope, LeerlingExternId
from zorgroute.tenancy.db import tenant_context

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
MAX_EXAMPLES = 15
#: A key of another school is refused before the body is read: a few examples per
#: operation show it as well as many (the run with the school's own key explores).
MAX_EXAMPLES_FOREIGN_KEY = 4


def _token(world: Any) -> str:
    with tenant_context(world.school.pk):
        _client, token = apiclient_create(
            school=world.school,
            naam="Schemathesis",
            bron="magister",
            scopes=list(ApiScope.values),
            aangemaakt_door=world.users["beheerder"],
            max_per_minuut=1_000_000,
        )
    return token


def _run(
    base: str,
    token: str,
    slug: str,
    tmp_path: Path,
    name: str,
    checks: str,
    *extra: str,
    max_examples: int = MAX_EXAMPLES,
) -> subprocess.CompletedProcess[str]:
    config = tmp_path / f"{name}.toml"
    # Schema-valid input may still meet state: a stale If-Match is 412, a row for a pupil
    # the school does not know is 422 (both documented on their operations).
    config.write_text(
        f'[parameters]\n"path.school" = "{slug}"\n"path.sourced_id" = "st-1"\n\n'
        "[checks.positive_data_acceptance]\n"
        'expected-statuses = ["2xx", "401", "403", "404", "409", "412", "422", "429"]\n\n'
        # A PUT without If-Match is 428 Precondition Required (RFC 6585), as documented.
        "[checks.missing_required_header]\n"
        'expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]\n',
        encoding="utf-8",
    )
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks"}
    if name == "vreemd":
        env["ST_VREEMDE_SLEUTEL"] = "1"
    return subprocess.run(  # noqa: S603 - our own venv's schemathesis, fixed arguments
        [
            SCHEMATHESIS,
            "--no-color",
            "--config-file",
            str(config),
            "run",
            f"{base}/api/v1/schema/?format=json",
            "--url",
            base,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            checks,
            "--max-examples",
            str(max_examples),
            "--seed",
            "8",
            "--workers",
            "1",
            "--request-timeout",
            "60",
            "--suppress-health-check",
            "all",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        check=False,
    )


@pytest.mark.postgres_only
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    transactional_db: None, live_server: Any, tmp_path: Path, world: Any, school_b: Any
) -> None:
    """On the committed world (tests/conftest.py): the live server's threads see it."""
    other = school_b
    with tenant_context(world.school.pk):
        LeerlingExternId.objects.create(
            school=world.school, leerling=world.leerling, bron="magister", extern_id="st-1"
        )
    base = f"http://127.0.0.1:{live_server.thread.port}"
    began = time.monotonic()
    eigen = _run(base, _token(world), world.school.slug, tmp_path, "eigen", "all")
    assert eigen.returncode == 0, eigen.stdout[-6000:] + eigen.stderr[-2000:]
    vreemd = _run(
        base,
        _token(other),
        world.school.slug,
        tmp_path,
        "vreemd",
        "not_a_server_error,foreign_client_gets_404",
        "--mode",
        "positive",
        max_examples=MAX_EXAMPLES_FOREIGN_KEY,
    )
    assert vreemd.returncode == 0, vreemd.stdout[-6000:] + vreemd.stderr[-2000:]
    print(f"schemathesis: {time.monotonic() - began:.0f} s")
    print(eigen.stdout[-1500:])
