"""A real HTTP server on 127.0.0.1 that replays scripted replies and records what it received."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    raw_query: str
    headers: dict[str, str]
    body: bytes

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.raw_query, keep_blank_values=True)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


@dataclass
class ScriptedServer:
    url: str
    received: list[Received]
    replies: list[Reply]
    default: Callable[[Received], Reply] | None = None

    def reply(self, *replies: Reply) -> None:
        self.replies.extend(replies)


@contextmanager
def scripted_server(default: Callable[[Received], Reply] | None = None) -> Iterator[ScriptedServer]:
    """Serve `replies` in order (then `default`); every request is recorded in `received`."""
    state = ScriptedServer(url="", received=[], replies=[], default=default)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # head and body go out in two writes: no 40 ms delayed-ACK stall

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            parts = urlsplit(self.path)
            got = Received(
                self.command, parts.path, parts.query,
                {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length),
            )  # fmt: skip
            with lock:
                state.received.append(got)
                reply = state.replies.pop(0) if state.replies else None
            if reply is None:
                reply = state.default(got) if state.default else Reply(status=500, body=b"no scripted reply")
            if reply.delay:
                time.sleep(reply.delay)
            if reply.drop:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # shutdown() waits for serve_forever to notice, up to poll_interval: 10 ms, not 50 (or 500 by default)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
