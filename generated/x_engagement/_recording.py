"""Opt-in recording of HTTP exchanges as JSON Lines, for `python -m contracts replay`.

`Client(record_to=PATH)` (or `AsyncClient`) appends one line per exchange; any httpx client can
record too: `httpx.Client(event_hooks={"response": [Recorder(PATH).hook]})` (`.async_hook` for
an AsyncClient). Secrets never reach the file: the Authorization, Proxy-Authorization, Cookie and
Set-Cookie headers are dropped, and `oauth_*` values are removed from the URL and from form bodies.

One line, one exchange (version 1 of the shape replay reads):

    {"request": {"method": "GET", "url": "https://api.x.com/2/insights/28hr?...",
                 "headers": {"accept": "application/json"}, "body": null},
     "response": {"status": 200, "headers": {"content-type": "application/json"},
                  "body": "{\"data\": ...}"}}

Header names are lower case (repeated headers joined with ", "). A body is text (UTF-8), null when
empty, or `"body_base64"` in its place when it is not UTF-8. The response body is the decoded one,
so `content-encoding` and `content-length` are left out.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
DECODED_AWAY = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _without_oauth(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in pairs if not k.startswith("oauth_")]


def redact_url(url: str) -> str:
    """The URL without `oauth_*` query parameters (OAuth 1.0a may travel in the query)."""
    parts = urlsplit(url)
    if "oauth_" not in parts.query:
        return url
    query = urlencode(_without_oauth(parse_qsl(parts.query, keep_blank_values=True)), safe=",")
    return urlunsplit(parts._replace(query=query))


def _headers(headers: httpx.Headers, leave_out: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in headers.multi_items():
        name = name.lower()
        if name in SECRET_HEADERS or name in leave_out:
            continue
        found[name] = f"{found[name]}, {value}" if name in found else value
    return found


def _body(content: bytes, content_type: str) -> dict[str, Any]:
    if not content:
        return {"body": None}
    if content_type.split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded":
        pairs = parse_qsl(content.decode("latin-1"), keep_blank_values=True)
        content = urlencode(_without_oauth(pairs)).encode()
    try:
        return {"body": content.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(content).decode("ascii")}


def exchange_record(request: httpx.Request, response: httpx.Response) -> dict[str, Any]:
    """One exchange in the recording shape, secrets removed; the response must have been read."""
    try:
        request_body = request.content
    except httpx.RequestNotRead:
        request_body = b""
    return {
        "request": {
            "method": request.method,
            "url": redact_url(str(request.url)),
            "headers": _headers(request.headers, frozenset()),
            **_body(request_body, request.headers.get("content-type", "")),
        },
        "response": {
            "status": response.status_code,
            "headers": _headers(response.headers, DECODED_AWAY),
            **_body(response.content, response.headers.get("content-type", "")),
        },
    }


class Recorder:
    """Appends each exchange to `path` as one JSON line; safe to share between threads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Recorder({str(self.path)!r})"

    def write(self, request: httpx.Request, response: httpx.Response) -> None:
        line = json.dumps(
            exchange_record(request, response), ensure_ascii=False, separators=(",", ":")
        )
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")

    def hook(self, response: httpx.Response) -> None:
        """An httpx response event hook: reads the body (so the caller sees it already read)."""
        response.read()
        self.write(response.request, response)

    async def async_hook(self, response: httpx.Response) -> None:
        """The AsyncClient twin of `hook`."""
        await response.aread()
        self.write(response.request, response)
