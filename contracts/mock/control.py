"""`/__mock/clock`: read and move the mock's clock over HTTP, for a test driving a mock in another process.

The path cannot collide with X's API (its paths start with `/2/` or `/insights/`). It answers
only a request carrying the mock's bearer token (`Authorization: Bearer <X_MOCK_BEARER_TOKEN>`),
and X_MOCK_CLOCK_CONTROL=off removes it (a 404 like any unknown path).

    GET  /__mock/clock                                   -> {"now": "2026-03-10T14:00:00Z", "frozen": true}
    POST /__mock/clock {"now": "2026-03-11T00:00:00Z"}   -> the same, after the jump
    POST /__mock/clock {"advance_seconds": 3600}         -> one hour later
    either may carry "frozen": true|false to switch the mode; a bad body gets a 400 naming the field.
"""

from __future__ import annotations

import hmac
import json
import math
from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contracts.mock.clock import MockClock, aware_utc
from contracts.mock.config import MockConfig

CLOCK_PATH = "/__mock/clock"
FIELDS = ("now", "advance_seconds", "frozen")
MAX_CONTROL_BODY = 4096


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status)


class ControlError(ValueError):
    """A clock request that cannot be carried out; the message says which field and why."""


def _moment(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ControlError(f"now: expected an ISO 8601 time with a zone as a string, got {json.dumps(value)[:60]}")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ControlError(f"now: {value[:60]!r} is not an ISO 8601 time, e.g. 2026-03-10T14:00:00Z") from None
    try:
        return aware_utc(moment, "now")
    except ValueError as error:
        raise ControlError(str(error)) from None


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ControlError(f"advance_seconds: expected a number of seconds >= 0, got {json.dumps(value)[:60]}")
    return float(value)


def move(clock: MockClock, body: Any) -> None:
    """Apply one POST body to `clock`, or raise ControlError before changing anything."""
    if not isinstance(body, dict):
        raise ControlError('expected a JSON object like {"now": "2026-03-10T14:00:00Z"} or {"advance_seconds": 3600}')
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise ControlError(f"unknown field(s) {', '.join(unknown)[:120]}; expected {', '.join(FIELDS)}")
    if ("now" in body) == ("advance_seconds" in body):
        raise ControlError("give exactly one of now and advance_seconds")
    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise ControlError(f"frozen: expected true or false, got {json.dumps(frozen)[:60]}")
    if "now" in body:
        clock.set(_moment(body["now"]), frozen=frozen)
        return
    seconds = _seconds(body["advance_seconds"])
    try:
        clock.advance(timedelta(seconds=seconds), frozen=frozen)
    except (ValueError, OverflowError) as error:
        raise ControlError(f"advance_seconds: {error}") from None


def clock_route(config: MockConfig, clock: MockClock) -> Route:
    """The route serving CLOCK_PATH for `clock`, guarded by the configured bearer token."""
    expected = f"Bearer {config.credentials.bearer_token}".encode()

    async def endpoint(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return _error(401, f"{CLOCK_PATH} needs the mock's bearer token: Authorization: Bearer <token>")
        if request.method == "POST":
            raw = b""
            async for chunk in request.stream():
                raw += chunk
                if len(raw) > MAX_CONTROL_BODY:
                    return _error(413, f"the body is larger than {MAX_CONTROL_BODY} bytes")
            try:
                move(clock, json.loads(raw or b"null"))
            except json.JSONDecodeError as error:
                return _error(400, f"the body is not JSON: {error.msg} at position {error.pos}")
            except UnicodeDecodeError:
                return _error(400, "the body is not UTF-8 JSON")
            except ControlError as error:
                return _error(400, str(error))
        return JSONResponse(clock.state())

    return Route(CLOCK_PATH, endpoint, methods=["GET", "POST"], name="mock_clock")
