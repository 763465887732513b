"""The mock on a real socket: bind first (so port 0 works and the URL is known), then run uvicorn.

Shared by `python -m contracts.mock` and the pytest plugin, so both shut down the same bounded way.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp

# On SIGTERM (or the end of a test) requests still running after this long are cancelled, so a
# slow fault can delay a shutdown by seconds, never by its whole length.
GRACEFUL_SHUTDOWN_SECONDS = 2


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port); OSError when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it, uvicorn on a pre-bound socket answers each
        # request about 40 ms late (Nagle against delayed ACKs), as asyncio sets it only on sockets
        # it binds itself.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def uvicorn_server(app: ASGIApp, log_level: str = "info") -> uvicorn.Server:
    return uvicorn.Server(
        uvicorn.Config(
            app,
            log_level=log_level,
            lifespan="off",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            date_header=False,  # the app dates its answers by the mock's clock
        )
    )


@contextlib.contextmanager
def serving_in_thread(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `app` on `port` (0: a free one) in a background thread; yields the base URL."""
    sock = bind(host, port)
    server = uvicorn_server(app, log_level="error")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="x-mock")
    thread.start()
    deadline = time.monotonic() + 10
    try:
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start")
            time.sleep(0.01)
        yield base_url(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=GRACEFUL_SHUTDOWN_SECONDS + 5)
        sock.close()
