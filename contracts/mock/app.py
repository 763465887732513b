"""The mock server: one starlette app serving every operation of the spec, all variants on one host.

Work per request is bounded before anything is parsed (query length, body size, a fault's delay),
and parsing, validation and building the answer run in a worker thread, so one large request
never stalls the others on the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contracts import spec
from contracts.mock import data, errors, shape
from contracts.mock.auth import auth_problem, signed_url
from contracts.mock.clock import ClockedRequests, MockClock, request_now, utc_now
from contracts.mock.config import FAULT_HEADER, Fault, FaultError, FixedClock, MockConfig
from contracts.mock.control import clock_route
from contracts.mock.faults import active_fault, serve
from contracts.mock.inputs import InputProblem, InputReader
from contracts.mock.limits import RateLimiter
from contracts.rules import parse_time

Window = tuple[datetime, datetime] | None
Body = dict[str, Any]
EARLIEST = datetime.min.replace(tzinfo=UTC)


def _minus(moment: datetime, delta: timedelta) -> datetime:
    """`moment - delta`, stopping at year 1 instead of overflowing (a year-0001 window is legal)."""
    return moment - delta if moment - EARLIEST >= delta else EARLIEST


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
        start, end = data.widen(start or _minus(end, data.HISTORICAL_DEFAULT), end)
        # With one bound missing the rule cannot check the length, so the mock clips to the
        # rule's own max-days (v2 has none: it clips to the configured history instead).
        longest = timedelta(days=rule["max-days"]) if "max-days" in rule else data.HOUR * config.v2_history_hours
        start = max(start, _minus(end, longest))
        return start, end
    return data.window_28hr(now)


def analytics_window(
    operation: spec.Operation, instance: Body, now: datetime, config: MockConfig
) -> tuple[datetime, datetime]:
    """Post and media analytics: the required start_time..end_time widened to whole hours, ending
    no later than the running hour and reaching back at most the configured history (how far back
    X answers is not documented)."""
    rule = _time_window_rule(operation)
    assert rule is not None  # both operations carry the time-window rule
    start, end = parse_time(instance[rule["start"]]), parse_time(instance[rule["end"]])
    assert start is not None and end is not None  # the input was validated
    # clipped before widening, so an end in year 9999 cannot overflow
    end = min(end.astimezone(UTC), data.floor_hour(now) + data.HOUR)
    start, end = data.widen(min(start.astimezone(UTC), end), end)
    return max(start, _minus(end, data.HOUR * config.v2_history_hours)), end


def _body(operation: spec.Operation, instance: Body, config: MockConfig, now: datetime) -> Body:
    if operation.is_analytics:
        start, end = analytics_window(operation, instance, now, config)
        return shape.analytics_body(
            operation, instance, data.hours(start, end), shape.granularity_of(operation, instance),
            config.unavailable_suffix, start=start, now=now,
        )  # fmt: skip
    window = _window(operation, instance, now, config)
    hours = data.hours(*window) if window is not None else None
    if operation.is_v2:
        return shape.insights_body(instance, hours or [], config.unavailable_suffix, now=now, operation=operation)
    return shape.engagement_body(instance, hours, window, now, config.unavailable_suffix, operation=operation)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


def _declared_length(request: Request) -> int:
    try:
        return int(request.headers.get("content-length", "0"))
    except ValueError:
        return 0


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it grows past `limit` bytes (the rest is never buffered)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _endpoint(
    operation: spec.Operation, config: MockConfig, limiter: RateLimiter, clock: MockClock
) -> Callable[[Request], Any]:
    reader = InputReader(operation)
    variant = operation.variant
    takes_body = operation.body_schema is not None
    too_large = f"Request body is larger than the limit of {config.max_body_bytes} bytes"

    def answer(
        raw_query: str, body: bytes, now: datetime, accept: str, headers: dict[str, str], fault: Fault | None
    ) -> Response:
        """Parse, validate, build and encode: CPU work, run in a worker thread."""
        parsed = reader.read(raw_query, body, now)
        if parsed.problems:
            return serve(*errors.invalid_request(variant, parsed.problems), headers, accept, None)
        try:
            result = _body(operation, parsed.instance, config, now)
        except OverflowError:  # a window at the very end of year 9999, widened past it
            problem = InputProblem(None, "The requested time window reaches outside the years 1 to 9999")
            return serve(*errors.invalid_request(variant, [problem]), headers, accept, None)
        return serve(200, result, errors.JSON, headers, accept, fault)

    async def endpoint(request: Request) -> Response:
        accept = request.headers.get("accept-encoding", "")
        raw_query_bytes: bytes = request.scope["query_string"]
        if len(raw_query_bytes) > config.max_query_bytes:
            detail = f"The query string is longer than the limit of {config.max_query_bytes} bytes"
            return serve(*errors.status_error(variant, 414, detail), {}, accept, None)
        try:
            fault = active_fault(config, request.url.path, request.headers)
        except FaultError as error:
            asked = request.headers.get(FAULT_HEADER, "")
            bad_fault = InputProblem(
                "X-Mock-Fault", f"The X-Mock-Fault header [{asked[:60]}] is invalid: {error}", (asked[:60],)
            )
            return serve(*errors.invalid_request(variant, [bad_fault]), {}, accept, None)
        if fault is not None and fault.kind == "status":
            return serve(*errors.status_error(variant, fault.status), {}, accept, None)
        now = request_now(request.scope, clock)
        if fault is not None and fault.kind == "delay":
            await anyio.sleep(fault.delay)
        if config.latency:
            await anyio.sleep(config.latency)
        allowed, rate_headers = limiter.take(variant, now)
        if not allowed:
            return serve(*errors.status_error(variant, 429), rate_headers, accept, None)
        if _declared_length(request) > config.max_body_bytes:
            return serve(*errors.status_error(variant, 413, too_large), rate_headers, accept, None)
        raw_query = raw_query_bytes.decode("latin-1")
        url = signed_url(str(request.url), request.headers, config.public_base_url, config.trust_forwarded_headers)
        problem = auth_problem(
            operation.security, request.method, url, raw_query,
            request.headers.get("authorization"), config.credentials,
        )  # fmt: skip
        if problem is not None:
            return serve(*errors.unauthorized(variant, problem), rate_headers, accept, None)
        body = b""
        if takes_body:
            if _media_type(request) != "application/json":
                detail = f"Content-Type must be application/json, got [{_media_type(request)[:60] or 'none'}]"
                return serve(*errors.status_error(variant, 415, detail), rate_headers, accept, None)
            read = await _read_capped(request, config.max_body_bytes)
            if read is None:
                return serve(*errors.status_error(variant, 413, too_large), rate_headers, accept, None)
            body = read
        return await anyio.to_thread.run_sync(answer, raw_query, body, now, accept, rate_headers, fault)

    return endpoint


def _error_handler(status: int) -> Callable[[Request, Exception], Any]:
    """404/405 (and any other routing error) in the error format of the variant the path belongs to."""

    async def handle(request: Request, exc: Exception) -> Response:
        variant = errors.variant_of_path(request.url.path)
        headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
        if status == 405:
            detail = f"{request.method} is not allowed on {request.url.path}; allowed: {headers.get('Allow', '')}"
        elif status == 404:
            detail = f"No operation at {request.url.path}"
        else:
            detail = None
        return serve(*errors.status_error(variant, status, detail), headers, "", None)

    return handle


def mock_clock(config: MockConfig) -> MockClock:
    """The app's clock from `config.clock`: a MockClock as it is; a FixedClock (X_MOCK_NOW) as the
    start, frozen unless clock_mode is "running"; any other callable as the source a running clock
    follows (the real time by default), or the start of a frozen one."""
    if isinstance(config.clock, MockClock):
        return config.clock
    if isinstance(config.clock, FixedClock):
        return MockClock(config.clock.now, frozen=config.clock_mode != "running", source=utc_now)
    return MockClock(frozen=config.clock_mode == "frozen", source=config.clock)


def create_app(config: MockConfig | None = None) -> Starlette:
    """A fresh mock; each app has its own rate-limit counters and clock (`app.state.clock`)."""
    config = config or MockConfig()
    limiter = RateLimiter(config.rate_limit)
    clock = mock_clock(config)
    routes = [
        Route(op.path, _endpoint(op, config, limiter, clock), methods=[op.method], name=op.operation_id)
        for op in spec.operations().values()
    ]
    if config.clock_control:
        routes.append(clock_route(config, clock))
    app = Starlette(
        routes=routes,
        exception_handlers={s: _error_handler(s) for s in (404, 405, 500)},
        middleware=[Middleware(ClockedRequests, clock=clock)],
    )
    app.state.config = config
    app.state.clock = clock
    return app
