"""The mock under uvicorn, and a small reverse proxy in front of it, both on 127.0.0.1 ports."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from contracts.mock import MockConfig, create_app
from contracts.mock.server import serving_in_thread

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_mock(config: MockConfig, port: int | None = None) -> Iterator[str]:
    """The mock under uvicorn on `port` (default: a free one); yields its base URL, stops on exit."""
    with serving_in_thread(create_app(config), port=port or 0) as url:
        yield url


@contextmanager
def reverse_proxy(upstream: str, prefix: str = "", forwarded_headers: bool = False) -> Iterator[str]:
    """Forwards `<proxy>/<prefix>/path` to `<upstream>/path` with the upstream's Host, as nginx's
    `proxy_pass` does; with `forwarded_headers` it adds X-Forwarded-Host/-Proto naming itself."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            if not self.path.startswith(prefix + "/"):
                self.send_error(404, "outside the proxy's prefix")
                return
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            if forwarded_headers:
                headers["X-Forwarded-Host"] = self.headers["Host"]
                headers["X-Forwarded-Proto"] = "http"
            answer = httpx.request(
                self.command, upstream + self.path[len(prefix) :], headers=headers, content=body, timeout=30
            )
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in HOP_BY_HOP | {"content-encoding"}:
                    self.send_header(key, value)
            self.send_header("content-length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = _forward

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
