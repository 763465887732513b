"""Deliberately broken variants of the mock: each must make the contract suite fail.

Each variant wraps the real mock in an ASGI layer that bends one thing. `python -m contracts run
--app tests.contracts.broken:<name>` runs the suite against one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.mock import MockConfig, create_app

Rewrite = Callable[[Scope, int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


class Bent:
    """Buffers the mock's response and passes it through `rewrite` (requests are never gzipped)."""

    def __init__(self, rewrite: Rewrite, scope_rewrite: Callable[[Scope], Scope] | None = None) -> None:
        self.inner: ASGIApp = create_app(MockConfig())
        self.state = self.inner.state  # type: ignore[attr-defined]  # the suite reads the credentials
        self.rewrite = rewrite
        self.scope_rewrite = scope_rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        if self.scope_rewrite is not None:
            scope = self.scope_rewrite(scope)
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.inner(scope, receive, capture)
        response_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
        status, response_headers, body = self.rewrite(scope, start["status"], response_headers, b"".join(chunks))
        response_headers["content-length"] = str(len(body))
        await send({
            "type": "http.response.start", "status": status,
            "headers": [(k.encode(), v.encode()) for k, v in response_headers.items()],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": body})


def _json_rewrite(change: Callable[[Scope, int, Any], Any]) -> Rewrite:
    def rewrite(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, headers, json.dumps(change(scope, status, json.loads(body))).encode()

    return rewrite


def _first_leaf(node: dict[str, Any], value: Any) -> None:
    for key, child in node.items():
        if isinstance(child, dict):
            _first_leaf(child, value)
        else:
            node[key] = value
        return


def _metric_as_string(scope: Scope, status: int, body: Any) -> Any:
    for item in body.get("data", []) if status == 200 else []:
        measurement = item.get("measurement", {})
        for entry in measurement.get("metrics_total", []):
            for metric in entry["value"]:
                metric["metric_value"] = str(metric["metric_value"])
        for entry in measurement.get("metrics_time_series", []):
            for metric in entry["value"]["metric_values"]:
                metric["metric_value"] = str(metric["metric_value"])
    return body


def _problem_without_type(scope: Scope, status: int, body: Any) -> Any:
    if status >= 400 and isinstance(body, dict):
        body.pop("type", None)  # required by Problem
        body.pop("errors", None) if "title" not in body else None  # and by EnterpriseError
    return body


def _count_not_a_number(scope: Scope, status: int, body: Any) -> Any:
    if status == 200 and scope["path"].startswith("/insights/"):
        for value in body.values():
            if isinstance(value, dict):
                _first_leaf(value, "a lot")
    return body


def _without_start(scope: Scope, status: int, body: Any) -> Any:
    if status == 200 and isinstance(body, dict):
        body.pop("start", None)
    return body


def _server_error_when_valid(
    scope: Scope, status: int, headers: dict[str, str], body: bytes
) -> tuple[int, dict[str, str], bytes]:
    if status != 200:
        return status, headers, body
    problem = {"title": "Internal Server Error", "type": "about:blank", "status": 500}
    return 500, {"content-type": "application/problem+json"}, json.dumps(problem).encode()


def _text_plain(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
    if status == 200:
        headers["content-type"] = "text/plain"
    return status, headers, body


def _keep_only_25_ids(scope: Scope) -> Scope:
    """Quietly drop tweet ids beyond the 25th before the mock sees them, so 26 ids get a 200."""
    query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    trimmed = [(k, ",".join(v.split(",")[:25]) if k == "tweet_ids" else v) for k, v in query]
    return {**scope, "query_string": urlencode(trimmed, safe=",").encode()}


def _unchanged(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
    return status, headers, body


wrong_metric_value_type = Bent(_json_rewrite(_metric_as_string))
missing_required_field = Bent(_json_rewrite(_problem_without_type))
server_error_on_valid_request = Bent(_server_error_when_valid)
accepts_26_tweet_ids = Bent(_unchanged, _keep_only_25_ids)
wrong_content_type = Bent(_text_plain)
enterprise_count_not_a_number = Bent(_json_rewrite(_count_not_a_number))
missing_start = Bent(_json_rewrite(_without_start))
faithful = Bent(_unchanged)  # the control: the wrapper itself breaks nothing
