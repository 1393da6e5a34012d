"""Webhook delivery over TLS to the checked address: the connection goes to the resolved
IP, but SNI and the certificate check use the host name of the URL (a real TLS server on
127.0.0.1 with a certificate from a CA made here, trusted through
ZORGROUTE_WEBHOOK_CA_CERTS). A certificate for another name is refused."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from zorgroute.integrations import webhooks


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificates(tmp: Path, host: str) -> tuple[Path, Path, Path]:
    """A CA, and a server certificate for `host` signed by it: (ca, cert, key) files."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Zorgroute test-CA"))
        .issuer_name(_name("Zorgroute test-CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(host))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    files = (tmp / "ca.pem", tmp / "cert.pem", tmp / "key.pem")
    files[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


@contextmanager
def _serve(tmp: Path, certificaat_voor: str) -> Iterator[dict[str, Any]]:
    ca, cert, key = _certificates(tmp, certificaat_voor)
    seen: dict[str, Any] = {"ca": str(ca), "requests": [], "sni": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen["requests"].append({"headers": dict(self.headers), "body": body})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda _sock, name, _ctx: seen["sni"].append(name)  # type: ignore[assignment,return-value]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    seen["port"] = server.server_address[1]
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def hook_test_resolves_to_loopback(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """hook.test resolves to 127.0.0.1 (the test settings allow loopback)."""
    real = socket.getaddrinfo
    settings.ZORGROUTE_WEBHOOK_TIMEOUT = 2.0

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "hook.test" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _send(port: int) -> webhooks.Antwoord:
    return webhooks.send(
        url=f"https://hook.test:{port}/hook/",
        secret="whsec_tls",
        event="ping",
        delivery_id="d",
        body=b'{"ping":1}',
    )


@pytest.mark.usefixtures("hook_test_resolves_to_loopback")
def test_tls_to_the_address_checks_the_certificate_of_the_host_name(
    tmp_path: Path, settings: Any
) -> None:
    with _serve(tmp_path, "hook.test") as server:
        settings.ZORGROUTE_WEBHOOK_CA_CERTS = server["ca"]
        antwoord = _send(server["port"])
        assert antwoord.gelukt, antwoord
        [request] = server["requests"]
        assert server["sni"] == ["hook.test"]
        assert request["headers"]["Host"] == f"hook.test:{server['port']}"
        assert webhooks.verify_signature(
            "whsec_tls", request["headers"]["X-Zorgroute-Signature"], request["body"]
        )


@pytest.mark.usefixtures("hook_test_resolves_to_loopback")
def test_a_certificate_for_another_name_is_refused(tmp_path: Path, settings: Any) -> None:
    with _serve(tmp_path, "elders.test") as server:
        settings.ZORGROUTE_WEBHOOK_CA_CERTS = server["ca"]
        antwoord = _send(server["port"])
        assert not antwoord.gelukt and "Verbinding mislukt" in antwoord.fout
        assert server["requests"] == []


@pytest.mark.usefixtures("hook_test_resolves_to_loopback")
def test_an_untrusted_certificate_is_refused(tmp_path: Path, settings: Any) -> None:
    with _serve(tmp_path, "hook.test") as server:
        settings.ZORGROUTE_WEBHOOK_CA_CERTS = None  # the system's CAs do not know the test CA
        antwoord = _send(server["port"])
        assert not antwoord.gelukt and "Verbinding mislukt" in antwoord.fout
        assert server["requests"] == []
