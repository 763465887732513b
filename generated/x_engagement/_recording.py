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

Recording never undoes a limit and never fails a call. The path is checked when the recorder (or
the client) is built: ValueError naming it. A Client records an exchange only after its body passed
`max_response_bytes` on the wire and inflated (a gzip bomb or an endless body ends in the client's
ResponseTooLarge and nothing is recorded); the `hook` for other httpx clients reads at most
`max_bytes` (RecordingTooLarge beyond). A write that fails later (disk full, folder removed) is a
RecordingWarning naming the path, never an exception from the call.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import warnings
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from x_engagement._response import TooLarge, decompress
from x_engagement.errors import XEngagementError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # the client's max_response_bytes default
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
    return _record(request, response.status_code, response.headers, response.content)


def _record(
    request: httpx.Request, status: int, headers: Mapping[str, str] | httpx.Headers, body: bytes
) -> dict[str, Any]:
    try:
        request_body = request.content
    except httpx.RequestNotRead:
        request_body = b""
    response_headers = httpx.Headers(headers)
    return {
        "request": {
            "method": request.method,
            "url": redact_url(str(request.url)),
            "headers": _headers(request.headers, frozenset()),
            **_body(request_body, request.headers.get("content-type", "")),
        },
        "response": {
            "status": status,
            "headers": _headers(response_headers, DECODED_AWAY),
            **_body(body, response_headers.get("content-type", "")),
        },
    }


class RecordingWarning(UserWarning):
    """A recorded exchange could not be written; the call itself went on."""


class RecordingTooLarge(XEngagementError):
    """The `hook` met a body larger than the recorder's `max_bytes` (nothing was recorded)."""


class Recorder:
    """Appends each exchange to `path` as one JSON line; safe to share between threads.

    Raises ValueError at once when `path` cannot be opened for appending.
    """

    def __init__(self, path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        try:
            with self.path.open("a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise ValueError(
                f"record_to: cannot append to {str(self.path)!r}: {exc.strerror or type(exc).__name__}"
            ) from None

    def __repr__(self) -> str:
        return f"Recorder({str(self.path)!r})"

    def write(self, request: httpx.Request, response: httpx.Response) -> None:
        self._append(_record(request, response.status_code, response.headers, response.content))

    def record(
        self,
        request: httpx.Request,
        status: int,
        headers: Mapping[str, str],
        raw: bytes,
        limit: int,
    ) -> None:
        """Record a body that passed the client's wire limit, decoded within `limit`; never raises.

        A body that inflates past the limit is not recorded (the client raises ResponseTooLarge);
        one that does not inflate at all is recorded as it came.
        """
        try:
            try:
                body = decompress(raw, headers.get("content-encoding", ""), limit)
            except TooLarge:
                return
            except zlib.error:
                body = raw
            self._append(_record(request, status, headers, body))
        except Exception as exc:  # noqa: BLE001 - a recording never fails the call it records
            self._warn(exc)

    def _append(self, record: dict[str, Any]) -> None:
        try:
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            with self._lock, self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except Exception as exc:  # noqa: BLE001 - disk full, folder gone, no memory: warn
            self._warn(exc)

    def _warn(self, exc: BaseException) -> None:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        warnings.warn(
            RecordingWarning(f"record_to {str(self.path)!r}: an exchange was not recorded: {why}"),
            stacklevel=2,
        )

    def _bounded(self, response: httpx.Response, size: int) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(response)
        if size > self.max_bytes:
            raise self._too_large(response)

    def _too_large(self, response: httpx.Response) -> RecordingTooLarge:
        return RecordingTooLarge(
            f"{response.request.method} {response.request.url.copy_with(query=None)}: "
            f"HTTP {response.status_code}: the body is larger than the recorder's max_bytes "
            f"({self.max_bytes}); nothing was recorded"
        )

    def hook(self, response: httpx.Response) -> None:
        """An httpx response event hook: reads the body (so the caller sees it already read),
        at most `max_bytes` of it, decoded (RecordingTooLarge beyond)."""
        chunks: list[bytes] = []
        size = 0
        self._bounded(response, size)
        try:
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                self._bounded(response, size)
        except RecordingTooLarge:
            response.close()
            raise
        response._content = b"".join(chunks)  # what httpx's own read() keeps
        self.write(response.request, response)

    async def async_hook(self, response: httpx.Response) -> None:
        """The AsyncClient twin of `hook`."""
        chunks: list[bytes] = []
        size = 0
        self._bounded(response, size)
        try:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                self._bounded(response, size)
        except RecordingTooLarge:
            await response.aclose()
            raise
        response._content = b"".join(chunks)
        self.write(response.request, response)
