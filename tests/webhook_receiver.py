"""A real HTTP receiver on 127.0.0.1 for the webhook tests: `http.server` in a thread,
shut down after the test; each POST is recorded and answered as planned."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TIMEOUT = 0.5


@dataclass
class Receiver:
    """Answers each POST with the next planned reply: a status code, "timeout" (answers
    after the sender gave up) or "redirect"; 200 once the plan is used up."""

    url: str = ""
    plan: list[Any] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.ZORGROUTE_WEBHOOK_TIMEOUT = TIMEOUT
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.received.append({"headers": dict(self.headers), "body": body})
            reply = state.plan.pop(0) if state.plan else 200
            if reply == "timeout":
                time.sleep(TIMEOUT * 3)
                reply = 200
            if reply == "slow":  # answers, but takes a while (within the timeout)
                time.sleep(TIMEOUT / 2)
                reply = 200
            if reply == "redirect":
                self.send_response(302)
                self.send_header("Location", state.url + "elders/")
            else:
                self.send_response(int(reply))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook/"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
