"""The mock server: one starlette app serving all five operations of the spec, both variants on one host."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from x_engagement.rules import parse_time

from contracts import spec
from contracts.mock import data, errors, shape
from contracts.mock.auth import auth_problem, signed_url
from contracts.mock.config import MockConfig
from contracts.mock.faults import active_fault, serve
from contracts.mock.inputs import InputReader
from contracts.mock.limits import RateLimiter

Window = tuple[datetime, datetime] | None
Body = dict[str, Any]


def _time_window_rule(operation: spec.Operation) -> dict[str, Any] | None:
    return next((r for r in operation.rules if r["rule"] == "time-window"), None)


def _window(operation: spec.Operation, instance: Body, now: datetime, config: MockConfig) -> Window:
    """The hours a request covers: the last 28 hours, a requested range (widened), or None (lifetime)."""
    endpoint = operation.path.rsplit("/", 1)[1]
    if endpoint == "totals":
        return None
    rule = _time_window_rule(operation)
    if endpoint == "historical" and rule is not None:
        start_raw, end_raw = instance.get(rule["start"]), instance.get(rule["end"])
        end = parse_time(end_raw) if end_raw else data.floor_hour(now)
        start = parse_time(start_raw) if start_raw else None
        assert end is not None  # the input was validated
        start, end = data.widen(start or end - data.HISTORICAL_DEFAULT, end)
        # With one bound missing the rule cannot check the length, so the mock clips to the
        # rule's own max-days (v2 has none: it clips to the configured history instead).
        longest = timedelta(days=rule["max-days"]) if "max-days" in rule else data.HOUR * config.v2_history_hours
        start = max(start, end - longest)
        return start, end
    return data.window_28hr(now)


def _body(operation: spec.Operation, instance: Body, config: MockConfig, now: datetime) -> Body:
    window = _window(operation, instance, now, config)
    hours = data.hours(*window) if window is not None else None
    if operation.variant == "v2":
        return shape.insights_body(instance, hours or [], config.unavailable_suffix)
    return shape.engagement_body(instance, hours, window, now, config.unavailable_suffix)


def _endpoint(operation: spec.Operation, config: MockConfig, limiter: RateLimiter) -> Callable[[Request], Any]:
    reader = InputReader(operation)
    variant = operation.variant

    async def endpoint(request: Request) -> Response:
        fault = active_fault(config, request.url.path, request.headers)
        accept = request.headers.get("accept-encoding", "")
        if fault is not None and fault.kind == "status":
            return serve(*errors.status_error(variant, fault.status), {}, accept, None)
        if fault is not None and fault.kind == "delay":
            await anyio.sleep(fault.delay)
        now = config.clock()
        allowed, rate_headers = limiter.take(variant, now)
        if not allowed:
            return serve(*errors.status_error(variant, 429), rate_headers, accept, None)
        raw_query = request.scope["query_string"].decode("latin-1")
        url = signed_url(str(request.url), request.headers, config.public_base_url, config.trust_forwarded_headers)
        problem = auth_problem(
            operation.security, request.method, url, raw_query,
            request.headers.get("authorization"), config.credentials,
        )  # fmt: skip
        if problem is not None:
            return serve(*errors.unauthorized(variant, problem), rate_headers, accept, None)
        parsed = reader.read(raw_query, await request.body(), now)
        if parsed.problems:
            return serve(*errors.invalid_request(variant, parsed.problems), rate_headers, accept, None)
        body = _body(operation, parsed.instance, config, now)
        return serve(200, body, errors.JSON, rate_headers, accept, fault)

    return endpoint


def create_app(config: MockConfig | None = None) -> Starlette:
    """A fresh mock; each app has its own rate-limit counters."""
    config = config or MockConfig()
    limiter = RateLimiter(config.rate_limit)
    routes = [
        Route(op.path, _endpoint(op, config, limiter), methods=[op.method], name=op.operation_id)
        for op in spec.operations().values()
    ]
    app = Starlette(routes=routes)
    app.state.config = config
    return app
