"""A real OpenID provider for the school sign-in tests, on 127.0.0.1.

`oidc_provider` (session scope) starts tests/oidc/provider.mjs, panva's certified
`oidc-provider` package on Node, on a free port, waits until its discovery document
answers, and stops it at the end. Its packages come from package-lock.json (`npm ci`) when
node_modules is missing; scripts/services.sh installs Node itself.

The tests talk to it over real HTTP: they register a client for their redirect address
(dynamic client registration), add test accounts, and sign in on its login page
(`sign_in_at_provider`) with a cookie jar that follows the redirects, exactly as a browser
would.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
STARTUP_SECONDS = 20


@dataclass
class TestAccount:
    sub: str
    email: str

    @property
    def password(self) -> str:
        return f"wachtwoord-{self.sub}"


@dataclass
class OidcTestProvider:
    issuer: str

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        """A confidential client (client id, client secret) for this redirect address."""
        answer = requests.post(
            f"{self.issuer}/reg",
            json={
                "redirect_uris": [redirect_uri],
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_basic",
            },
            timeout=5,
        )
        answer.raise_for_status()
        data = answer.json()
        return data["client_id"], data["client_secret"]

    def add_account(
        self,
        email: str,
        *,
        email_verified: bool = True,
        amr: list[str] | None = None,
        acr: str | None = None,
        sub: str | None = None,
        extra: dict[str, object] | None = None,
    ) -> TestAccount:
        account = TestAccount(sub=sub or f"sub-{uuid.uuid4().hex[:12]}", email=email)
        body: dict[str, object] = {
            "sub": account.sub,
            "email": email,
            "email_verified": email_verified,
            "password": account.password,
            "extra": extra or {},
        }
        if amr is not None:
            body["amr"] = amr
        if acr is not None:
            body["acr"] = acr
        requests.post(f"{self.issuer}/test/accounts", json=body, timeout=5).raise_for_status()
        return account


def sign_in_at_provider(session: requests.Session, authorize_url: str, account: TestAccount) -> str:
    """Open the provider's authorization address, submit its login form, and return the
    address the provider sends the browser back to (the portal's callback with code and
    state). A real round trip: cookies, the interaction redirect and the login POST."""
    page = session.get(authorize_url, allow_redirects=True, timeout=5)
    page.raise_for_status()
    assert "Inloggen bij de testprovider" in page.text, page.text[:500]
    answer = session.post(
        page.url,
        data={"email": account.email, "password": account.password},
        allow_redirects=False,
        timeout=5,
    )
    # The provider resumes the authorization and redirects until it reaches the client.
    while answer.is_redirect:
        location = urljoin(answer.url, answer.headers["Location"])
        if not location.startswith(authorize_url.split("/auth", 1)[0]):
            return location
        answer = session.get(location, allow_redirects=False, timeout=5)
    raise AssertionError(f"The provider did not redirect back: {answer.status_code}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ensure_packages(npm: str) -> None:
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(  # noqa: S603 (fixed arguments)
            [npm, "ci", "--omit=dev", "--no-audit", "--no-fund"], cwd=HERE, check=True
        )


def _wait_for_discovery(process: subprocess.Popen[bytes], issuer: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test OpenID provider stopped (exit {process.returncode})")
        try:
            answer = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            if answer.ok and answer.json().get("issuer") == issuer:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError("The test OpenID provider did not answer its discovery address")


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcTestProvider]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("Node.js and npm are needed for the test OpenID provider (scripts/services.sh)")
    _ensure_packages(npm)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [node, str(HERE / "provider.mjs")],
        cwd=HERE,
        env={"PORT": str(port), "PATH": str(Path(node).parent), "NODE_ENV": "test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_discovery(process, issuer)
        yield OidcTestProvider(issuer=issuer)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
