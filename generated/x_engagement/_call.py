"""One call, minus the I/O: validation, auth choice, signing, retry decisions, decoding.

Client and AsyncClient differ only in how they send bytes and sleep; everything here is shared.
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx
import msgspec

from x_engagement import _request, _response
from x_engagement._auth import ENV_BEARER_TOKEN, ENV_OAUTH1, BearerToken, OAuth1
from x_engagement._errors import (
    REDACTED,
    SENSITIVE_HEADERS,
    DeadlineExceeded,
    MissingCredentials,
    RequestInfo,
    ResponseTooLarge,
)
from x_engagement._operation import OperationSpec
from x_engagement._recording import Recorder
from x_engagement._retry import RetryPolicy

logger = logging.getLogger("x_engagement")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_DEADLINE = 120.0  # seconds for one call: connect, body and every retry and wait together
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # the largest legitimate answer is about 1.1 MB

_ENV_HINT = {
    "OAuth2UserToken": f"a bearer token ({ENV_BEARER_TOKEN})",
    "UserToken": f"OAuth 1.0a credentials ({', '.join(ENV_OAUTH1)})",
}


_WARNED: set[str] = set()


def warn_deprecated(op: OperationSpec) -> None:
    """A DeprecationWarning the first time in this process a deprecated operation is called.

    Once, not per call: a collector polling every few minutes would otherwise bury its log.
    """
    message = op.deprecation
    if message is None or op.operation_id in _WARNED:
        return
    _WARNED.add(op.operation_id)
    warnings.warn(message, DeprecationWarning, stacklevel=_response._caller_level())


class Settings(msgspec.Struct, frozen=True):
    """What a client was configured with; shared by every call it makes."""

    bearer: BearerToken | None
    oauth1: OAuth1 | None
    base_url: str | None
    retry: RetryPolicy
    deadline: float | None = DEFAULT_DEADLINE
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    recorder: Recorder | None = None  # record_to: each body that passed the limits

    def auth_for(self, op: OperationSpec) -> BearerToken | OAuth1:
        for scheme in op.security:
            if scheme == BearerToken.scheme and self.bearer is not None:
                return self.bearer
            if scheme == OAuth1.scheme and self.oauth1 is not None:
                return self.oauth1
        wanted = " or ".join(_ENV_HINT.get(s, s) for s in op.security)
        raise MissingCredentials(f"{op.operation_id} needs {wanted}")

    def describe(self) -> str:
        schemes = [
            name for name, value in (("bearer", self.bearer), ("oauth1", self.oauth1)) if value
        ]
        return f"base_url={self.base_url!r}, auth={schemes}"


class Call:
    """A validated call of `op`; raises InvalidRequest or MissingCredentials before any I/O."""

    def __init__(
        self,
        op: OperationSpec,
        arguments: Mapping[str, Any],
        settings: Settings,
        now: datetime | None = None,
    ) -> None:
        self.op = op
        self.settings = settings
        warn_deprecated(op)
        self.instance = _request.validate(op, arguments, now)
        self.auth = settings.auth_for(op)
        self.info = RequestInfo.redacted(op.http_method, "", {}, b"")

    def request(self) -> httpx.Request:
        """A freshly signed request: each attempt gets its own nonce and timestamp."""
        request = _request.build_request(self.op, self.instance, self.settings.base_url)
        self.info = RequestInfo.redacted(
            request.method,
            str(request.url),
            dict(request.headers),
            request.content,
            auth="bearer" if isinstance(self.auth, BearerToken) else "oauth1",
        )
        self.auth.apply(request)
        return request

    def retry_delay(
        self, status: int, headers: Mapping[str, str], attempt: int, now: float, budget: Budget
    ) -> float | None:
        """The wait before the next attempt, or None to stop: also when it would pass the deadline."""
        delay = self.settings.retry.delay_for_status(
            status, headers, attempt, now, budget.rate_limit_waited
        )
        if (
            delay is not None
            and status == 429
            and self.settings.retry.rate_limit_waits_extend_deadline
        ):
            budget.extend(delay)
        if delay is not None and not budget.allows(delay):
            delay = None
        if delay is not None and status == 429:
            budget.rate_limit_waited += delay
        logger.debug(
            "%s %s -> HTTP %d (attempt %d)%s",
            self.info.method, self.info.url, status, attempt + 1,
            f", retrying in {delay:.2f}s" if delay is not None else "",
        )  # fmt: skip
        return delay

    def connection_retry_delay(self, exc: Exception, attempt: int, budget: Budget) -> float | None:
        """The wait before the next attempt; raises DeadlineExceeded when it would pass the deadline."""
        delay = self.settings.retry.delay_for_connection_error(attempt)
        if budget.remaining() <= 0 or (delay is not None and not budget.allows(delay)):
            raise self.deadline_exceeded(budget, f"{type(exc).__name__}: {exc}") from exc
        logger.debug(
            "%s %s -> %s (attempt %d)%s",
            self.info.method, self.info.url, type(exc).__name__, attempt + 1,
            f", retrying in {delay:.2f}s" if delay is not None else "",
        )  # fmt: skip
        return delay

    def result(self, status: int, headers: Mapping[str, str], raw: bytes) -> _response.Result:
        limit = self.settings.max_response_bytes
        return _response.read_response(
            self.op, self.info, status, headers, raw, self.instance, limit
        )

    def deadline_exceeded(self, budget: Budget, last: str = "") -> DeadlineExceeded:
        message = f"{self.op.operation_id}: {budget.describe()} passed" + (
            f" after {last}" if last else ""
        )
        return DeadlineExceeded(message, self.info)

    def body(self, response: httpx.Response, budget: Budget) -> Body:
        return Body(self, response, budget)


class Budget:
    """The time one call may still spend. Elapsed time is the larger of the clock's and the sum of
    the sleeps, so an injected sleep that does not really wait still uses up the deadline."""

    def __init__(self, deadline: float | None, end: float | None = None) -> None:
        self.started = time.monotonic()
        ends = [
            t for t in (end, None if deadline is None else self.started + deadline) if t is not None
        ]
        self.seconds = min(ends) - self.started if ends else math.inf
        self.by_batch = end is not None and (deadline is None or end < self.started + deadline)
        self.deadline = deadline
        self.slept = 0.0
        self.rate_limit_waited = 0.0

    def describe(self) -> str:
        return "the batch's deadline" if self.by_batch else f"the deadline ({self.deadline} s)"

    def remaining(self) -> float:
        return self.seconds - max(time.monotonic() - self.started, self.slept)

    def end(self) -> float | None:
        """The monotonic instant the call must be over by, or None without a deadline."""
        left = self.remaining()
        return None if left == math.inf else time.monotonic() + left

    def allows(self, delay: float) -> bool:
        return delay < self.remaining()

    def check(self, call: Call, last: str = "") -> None:
        if self.remaining() <= 0:
            raise call.deadline_exceeded(self, last)

    def timeout(self, configured: httpx.Timeout) -> dict[str, float | None]:
        """httpx's per-operation timeouts, none longer than what is left of the deadline."""
        left = self.remaining()
        if left == math.inf:
            return configured.as_dict()
        left = max(left, 0.001)
        return {k: left if v is None else min(v, left) for k, v in configured.as_dict().items()}

    def extend(self, seconds: float) -> None:
        """Give the call `seconds` more (a rate-limit wait that is not to count)."""
        self.seconds += seconds

    def slept_for(self, seconds: float) -> None:
        self.slept += seconds


class Body:
    """Collects one response body within `max_response_bytes` and the deadline, chunk by chunk."""

    def __init__(self, call: Call, response: httpx.Response, budget: Budget) -> None:
        self.call = call
        self.response = response
        self.budget = budget
        self.limit = call.settings.max_response_bytes
        self.size = 0
        self.chunks: list[bytes] = []
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.limit:
            raise self.too_large(f"declares {declared} bytes")

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self.chunks.append(chunk)
        if self.size > self.limit:
            raise self.too_large(f"sends more than {self.limit} bytes")
        self.budget.check(self.call, f"{self.size} bytes of the body")

    def content(self) -> bytes:
        return self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)

    def done(self, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        """The attempt's status, headers and body, recorded first when the client records: only
        a body that passed the wire limit gets here, and the recorder inflates it within the limit."""
        content = self.content()
        recorder = self.call.settings.recorder
        if recorder is not None:
            status = self.response.status_code
            recorder.record(self.response.request, status, headers, content, self.limit)
        return self.response.status_code, headers, content

    def too_large(self, what: str) -> ResponseTooLarge:
        kept, size = [], 0
        for chunk in self.chunks:  # only the prefix is copied, never the whole body
            if size >= _response.PREFIX_BYTES:
                break
            kept.append(chunk[: _response.PREFIX_BYTES - size])
            size += len(kept[-1])
        self.chunks.clear()
        prefix = b"".join(kept)
        op, status = self.call.op.operation_id, self.response.status_code
        error = ResponseTooLarge(
            f"{op}: HTTP {status}: the body {what} (max_response_bytes={self.limit})",
            operation=op, status=status, headers=self.response.headers, content=prefix, request=self.call.info,
        )  # fmt: skip
        error.limit = self.limit
        return error


def sanitised(exc: httpx.TransportError) -> httpx.TransportError:
    """A copy of httpx's exception to chain from, on a copy of its request without credentials.

    The original carries the live request (Authorization included) and an inner chain whose
    traceback frames hold httpcore's copy of the headers; none of it may reach the caller.
    The request itself is left alone: an event hook of the caller's may still hold it.
    """
    try:
        live = exc.request
    except RuntimeError:  # httpx raises this when no request was attached
        return type(exc)(str(exc))
    headers = [
        (k, REDACTED if k.lower() in SENSITIVE_HEADERS else v) for k, v in live.headers.items()
    ]
    return type(exc)(str(exc), request=httpx.Request(live.method, live.url, headers=headers))


def read_raw(response: httpx.Response) -> tuple[bytes, Mapping[str, str]] | None:
    """The body of a response whose stream was already read (httpx.MockTransport, test clients).

    httpx has decoded such a body, so its content-encoding no longer applies. None means
    the stream is still open and the caller reads the raw (still compressed) bytes itself.
    """
    if not response.is_stream_consumed:
        return None
    headers = {k: v for k, v in response.headers.items() if k != "content-encoding"}
    return response.content, headers
