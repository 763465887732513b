"""Deliberate misbehaviour for client tests: which fault applies to a request, and how it is served."""

from __future__ import annotations

import fnmatch
import gzip
import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from contracts.mock.config import FAULT_HEADER, Fault, MockConfig

MALFORMED_BODY = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


def active_fault(config: MockConfig, path: str, headers: Mapping[str, str]) -> Fault | None:
    """The fault for this request: the `X-Mock-Fault` header first (when allowed), then config.

    A malformed header raises FaultError, which the app answers with a 400.
    """
    asked = headers.get(FAULT_HEADER)
    if asked and config.faults_by_header:
        return Fault.parse(asked)
    return next((f for f in config.faults if fnmatch.fnmatchcase(path, f.path)), None)


class _DroppedResponse(Response):
    """Announces the full length, sends half, and stops: the client sees the connection drop."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body[: len(self.body) // 2], "more_body": True})


def serve(
    status: int,
    body: Any,
    content_type: str,
    headers: Mapping[str, str],
    accept_encoding: str,
    fault: Fault | None,
) -> Response:
    """The response, gzipped when the client asked, then bent by the fault if there is one."""
    payload = json.dumps(body, separators=(",", ":")).encode()
    out_headers = dict(headers)
    if fault is not None and fault.kind == "malformed":
        payload = MALFORMED_BODY
    if fault is not None and fault.kind == "content-type":
        content_type = "text/html; charset=utf-8"
    if "gzip" in accept_encoding.lower():
        payload = gzip.compress(payload, mtime=0)
        out_headers["content-encoding"] = "gzip"
        out_headers["vary"] = "Accept-Encoding"
    if fault is not None and fault.kind == "truncate":
        payload = payload[: len(payload) // 2]
    if fault is not None and fault.kind == "drop":
        return _DroppedResponse(payload, status, out_headers, media_type=content_type)
    return Response(payload, status, out_headers, media_type=content_type)
