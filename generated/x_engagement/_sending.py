"""What Client and AsyncClient do whatever the spec says: settings, lifecycle, the send loops.

The generated `client` module subclasses these with one method per operation; each method ends in
`self._call(record, arguments)`. The retry and deadline loops (`_send`, `_attempt`) live here, in
one place a maintainer edits and debugs; what they decide (retry or not, how long to wait, what to
raise) is `_call.Call`'s, shared by both.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import httpx

from x_engagement import _batching
from x_engagement._auth import ENV_BASE_URL, BearerToken, OAuth1, Secret, credentials_from_env
from x_engagement._call import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    Budget,
    Call,
    Settings,
    read_raw,
    sanitised,
)
from x_engagement._errors import TransportError, XEngagementError
from x_engagement._operation import OperationSpec
from x_engagement._recording import Recorder
from x_engagement._response import Result
from x_engagement._retry import RetryPolicy
from x_engagement._transport import DeadlineTransport, deadline


def settings(
    bearer_token: str | Secret | BearerToken | None,
    oauth1: OAuth1 | None,
    base_url: str | None,
    retry: RetryPolicy | None,
    deadline: float | None,
    max_response_bytes: int,
    record_to: str | os.PathLike[str] | None,
) -> Settings:
    """The client's arguments checked (ValueError naming the bad one) and gathered."""
    if deadline is not None and not deadline > 0:
        raise ValueError(f"deadline: expected a number of seconds > 0 or None, got {deadline!r}")
    if (
        isinstance(max_response_bytes, bool)
        or not isinstance(max_response_bytes, int)
        or max_response_bytes < 1
    ):
        raise ValueError(f"max_response_bytes: expected a positive int, got {max_response_bytes!r}")
    bearer = BearerToken(bearer_token) if isinstance(bearer_token, str | Secret) else bearer_token
    # opt-in: each exchange whose body passed the limits, to a JSON Lines file, secrets removed;
    # the path is checked here (ValueError), a later write failure is a RecordingWarning
    recorder = None if record_to is None else Recorder(record_to, max_response_bytes)
    return Settings(
        bearer=bearer, oauth1=oauth1, base_url=base_url, retry=retry or RetryPolicy(),
        deadline=deadline, max_response_bytes=max_response_bytes, recorder=recorder,
    )  # fmt: skip


def _failed(call: Call, failure: httpx.TransportError) -> TransportError:
    return TransportError(f"{call.op.operation_id}: {type(failure).__name__}: {failure}", call.info)


class BaseClient:
    """Synchronous client for both variants.

    Without `base_url` each operation goes to its own server (v2: api.x.com, Enterprise:
    data-api.twitter.com); with it, every operation goes to that host (a mock, a proxy).
    `timeout` bounds each network operation; `deadline` (seconds, default 120) bounds a whole
    call, retries and waits included (DeadlineExceeded); `max_response_bytes` (default 64 MiB)
    bounds a body on the wire and inflated (ResponseTooLarge). `event_hooks` are httpx's
    (`{"request": [...], "response": [...]}`), called for every request and response sent.
    """

    def __init__(
        self,
        *,
        bearer_token: str | Secret | BearerToken | None = None,
        oauth1: OAuth1 | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        deadline: float | None = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        record_to: str | os.PathLike[str] | None = None,
        event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    ) -> None:
        self._settings = settings(
            bearer_token, oauth1, base_url, retry, deadline, max_response_bytes, record_to
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout, transport=DeadlineTransport())
        for event, hooks in (event_hooks or {}).items():  # httpx's hooks: "request", "response"
            self._http.event_hooks[event].extend(hooks)
        self._sleep = sleep
        self._clock = clock

    @classmethod
    def from_env(cls, **kwargs: Any) -> Self:
        """Credentials from X_BEARER_TOKEN and/or X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET.

        `base_url` from X_API_BASE_URL when set and not passed (every operation to that host).
        """
        bearer, oauth1 = credentials_from_env()
        kwargs.setdefault("base_url", os.environ.get(ENV_BASE_URL) or None)
        return cls(bearer_token=bearer, oauth1=oauth1, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._settings.describe()})"

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _call(self, op: OperationSpec, arguments: Mapping[str, Any]) -> Result:
        return self._send(Call(op, arguments, self._settings))

    def _send(self, call: Call, end: float | None = None) -> Result:
        """Attempts until a result, an error to raise, or the deadline (or the batch's `end`).

        Errors are raised from this frame, which holds no request: no traceback reaches a live
        credential (the attempt's frame, which does, is cut off).
        """
        budget = Budget(call.settings.deadline, end)
        attempt = 0
        while True:
            budget.check(call)
            failure: httpx.TransportError | None = None
            try:
                status, headers, raw = self._attempt(call, budget)
            except httpx.TransportError as exc:
                failure = sanitised(exc)
            except XEngagementError as exc:  # DeadlineExceeded, ResponseTooLarge while reading
                raise exc.with_traceback(None) from None
            if failure is not None:
                delay = call.connection_retry_delay(failure, attempt, budget)
                if delay is None:
                    raise _failed(call, failure) from failure
            else:
                delay = call.retry_delay(status, headers, attempt, self._clock(), budget)
                if delay is None:
                    return call.result(status, headers, raw)
            self._sleep(delay)
            budget.slept_for(delay)
            attempt += 1

    def _attempt(self, call: Call, budget: Budget) -> tuple[int, Mapping[str, str], bytes]:
        """One signed request; the body read within the size limit and the deadline."""
        request = call.request()
        request.extensions["timeout"] = budget.timeout(self._http.timeout)
        with deadline(budget.end()):
            response = self._http.send(request, stream=True)
            try:
                body = call.body(response, budget)
                consumed = read_raw(response)
                if consumed is not None:
                    body.add(consumed[0])
                    return body.done(consumed[1])
                for chunk in response.iter_raw():
                    body.add(chunk)
                return body.done(response.headers)
            finally:
                response.close()


class BaseAsyncClient:
    """Asynchronous twin of Client: the same methods, awaited."""

    def __init__(
        self,
        *,
        bearer_token: str | Secret | BearerToken | None = None,
        oauth1: OAuth1 | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        deadline: float | None = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        record_to: str | os.PathLike[str] | None = None,
        event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    ) -> None:
        self._settings = settings(
            bearer_token, oauth1, base_url, retry, deadline, max_response_bytes, record_to
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        for event, hooks in (event_hooks or {}).items():  # httpx's hooks, as async functions
            self._http.event_hooks[event].extend(hooks)
        self._sleep = sleep
        self._clock = clock

    @classmethod
    def from_env(cls, **kwargs: Any) -> Self:
        """Credentials and base URL from the same environment variables as Client.from_env."""
        bearer, oauth1 = credentials_from_env()
        kwargs.setdefault("base_url", os.environ.get(ENV_BASE_URL) or None)
        return cls(bearer_token=bearer, oauth1=oauth1, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._settings.describe()})"

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _call(self, op: OperationSpec, arguments: Mapping[str, Any]) -> Result:
        return await self._send(Call(op, arguments, self._settings))

    async def _send(self, call: Call, end: float | None = None) -> Result:
        """Attempts until a result, an error to raise, or the deadline (or the batch's `end`).

        As in BaseClient._send, errors are raised from this frame, which holds no request.
        """
        budget = Budget(call.settings.deadline, end)
        attempt = 0
        while True:
            budget.check(call)
            failure: httpx.TransportError | None = None
            timed_out = False
            try:
                status, headers, raw = await self._attempt(call, budget)
            except httpx.TransportError as exc:
                failure = sanitised(exc)
            except TimeoutError:
                timed_out = True
            except XEngagementError as exc:  # DeadlineExceeded, ResponseTooLarge while reading
                raise exc.with_traceback(None) from None
            if timed_out:
                raise call.deadline_exceeded(budget)
            if failure is not None:
                delay = call.connection_retry_delay(failure, attempt, budget)
                if delay is None:
                    raise _failed(call, failure) from failure
            else:
                delay = call.retry_delay(status, headers, attempt, self._clock(), budget)
                if delay is None:
                    return call.result(status, headers, raw)
            await self._sleep(delay)
            budget.slept_for(delay)
            attempt += 1

    async def _attempt(self, call: Call, budget: Budget) -> tuple[int, Mapping[str, str], bytes]:
        """One signed request; the body read within the size limit and the deadline.

        asyncio.timeout also covers what the per-chunk check cannot: a head trickling in.
        """
        request = call.request()
        request.extensions["timeout"] = budget.timeout(self._http.timeout)
        left = budget.remaining()
        async with asyncio.timeout(None if left == math.inf else left):
            response = await self._http.send(request, stream=True)
            try:
                body = call.body(response, budget)
                consumed = read_raw(response)
                if consumed is not None:
                    body.add(consumed[0])
                    return body.done(consumed[1])
                async for chunk in response.aiter_raw():
                    body.add(chunk)
                return body.done(response.headers)
            finally:
                await response.aclose()


class BaseBatch:
    """`client.batch.<operation>(...)`: any number of tweet ids, split into requests the API
    accepts, sent `concurrency` at a time, merged.

    Every chunk is validated before the first request; a chunk that fails in any way lands in
    `failures` while the data of the others is kept. `concurrency` must be a positive int
    (InvalidRequest otherwise, before any request). `on_progress(done, total)` runs after each
    chunk; an exception it raises stops the batch: chunks not started are cancelled, those in
    flight finish, and the exception propagates (the partial results are not returned).
    `deadline` (seconds, default None: no limit beyond each call's own) bounds the whole batch:
    chunks not done by then fail with DeadlineExceeded.
    """

    def __init__(self, client: BaseClient) -> None:
        self._client = client

    def validate(self, operation: OperationSpec, arguments: Mapping[str, Any]) -> None:
        """Every chunk of a batched `operation` checked, nothing sent (InvalidRequest lists each problem).

        `arguments` use the spec's parameter names; a caller with many calls to plan (the command
        line) checks all of them before the first request.
        """
        _batching.plan(operation, arguments, self._client._settings)


class BaseAsyncBatch:
    """The async twin of BaseBatch: `await client.batch.<operation>(...)`."""

    def __init__(self, client: BaseAsyncClient) -> None:
        self._client = client

    def validate(self, operation: OperationSpec, arguments: Mapping[str, Any]) -> None:
        """Every chunk of a batched `operation` checked, nothing sent (InvalidRequest lists each problem)."""
        _batching.plan(operation, arguments, self._client._settings)
