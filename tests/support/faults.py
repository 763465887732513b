"""Misbehaving HTTP servers on 127.0.0.1 for what a scripted reply cannot do: trickle, stream without end.

Each answers every connection with `respond(connection)` after reading the request head and body;
the handler threads stop when the test leaves the context (or the client hangs up).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

Respond = Callable[[socket.socket, threading.Event], None]


def _read_request(connection: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return
        body += chunk


@contextmanager
def fault_server(respond: Respond) -> Iterator[str]:
    """A server whose every answer is written by `respond`; yields its base URL."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)

    def handle(connection: socket.socket) -> None:
        with connection, suppress(OSError):
            _read_request(connection)
            respond(connection, stop)

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def head(status: int = 200, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def trickle(body: bytes, interval: float, *, headers_too: bool = False, padding: int = 0) -> Respond:
    """Send a JSON response one byte per `interval` (the body only, or the head as well, made
    `padding` bytes longer by an extra header)."""

    def respond(connection: socket.socket, stop: threading.Event) -> None:
        extra = {"x-padding": "p" * padding} if padding else {}
        start = head(200, {"content-type": "application/json", "content-length": str(len(body)), **extra})
        if not headers_too:
            connection.sendall(start)
        for byte in (start if headers_too else b"") + body:
            if stop.wait(interval):
                return
            connection.sendall(bytes([byte]))

    return respond


def endless(piece: bytes, headers: dict[str, str]) -> Respond:
    """A 200 without content-length that streams `piece` as fast as the client reads, until stopped."""

    def respond(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(head(200, {**headers, "connection": "close"}))
        while not stop.is_set():
            connection.sendall(piece)

    return respond
