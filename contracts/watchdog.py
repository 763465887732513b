"""Tells a target that is absent from one that is broken: bounded requests, a run deadline, and a
verdict once the target stops answering, so the gate never waits on a dead host for half an hour.

`Watchdog` counts the requests that got no answer at all (no connection, no response in time);
`WatchedClient` puts it in front of every request to a target at a URL or the live API.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

DEFAULT_TIMEOUT = 30.0  # seconds per request (connect at most CONNECT_TIMEOUT)
DEFAULT_DEADLINE = 900.0  # seconds for the whole run
DEFAULT_MAX_TIMEOUTS = 3  # requests in a row without an answer before the run stops
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024  # a body, inflated; X's largest answer is about 1.1 MB
CONNECT_TIMEOUT = 5.0
CLOSED_UNANSWERED = "Server disconnected without sending a response"  # httpcore's words for it

Kind = Literal["unreachable", "unresponsive", "refused"]  # refused: contracts.credentials


@dataclass(frozen=True)
class Limits:
    """How long the gate waits: per request, for the whole run, and how many silent requests in a row."""

    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_timeouts: int = DEFAULT_MAX_TIMEOUTS
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {self.timeout!r}")
        if not self.deadline > 0:
            raise ValueError(f"deadline must be a positive number of seconds, not {self.deadline!r}")
        if self.max_timeouts < 1:
            raise ValueError(f"max_timeouts must be at least 1, not {self.max_timeouts!r}")

    def http_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))


@dataclass(frozen=True)
class Verdict:
    """Why the run stopped without judging the target: one line for the console."""

    kind: Kind
    message: str


class TargetGone(httpx.TransportError):
    """Raised instead of sending once the watchdog has a verdict: the run is ending."""


class BodyTooLarge(httpx.TransportError):
    """The target's body (inflated) passed `max_response_bytes`: a broken answer, judged as one."""


class BodyTooSlow(httpx.ReadTimeout):
    """The whole response did not arrive within the per-request timeout: no answer, counted so."""


def origin(url: httpx.URL) -> str:
    """scheme://host[:port], never the user info or the query (they may carry secrets)."""
    return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def classify(exc: httpx.TransportError) -> tuple[Kind, str] | None:
    """(kind, reason) for a request that got no answer at all; None for a broken answer (a reset,
    a truncated body), which is the target's fault and is judged as such."""
    causes = _causes(exc)
    if isinstance(exc, httpx.RemoteProtocolError) and CLOSED_UNANSWERED in str(exc):
        return "unreachable", "the connection was closed without an answer"
    if isinstance(exc, httpx.ConnectTimeout):
        return "unreachable", "no connection within the connect timeout"
    if isinstance(exc, httpx.TimeoutException):
        return "unresponsive", "no answer within the timeout"
    if not isinstance(exc, httpx.ConnectError):
        return None
    for cause in causes:
        if isinstance(cause, ssl.SSLError):
            return ("unreachable", f"TLS handshake failed ({getattr(cause, 'reason', None) or cause})")
        if isinstance(cause, socket.gaierror):
            return "unreachable", f"host name not resolved ({cause.strerror or cause})"
        if isinstance(cause, ConnectionRefusedError):
            return "unreachable", "connection refused"
    return "unreachable", f"cannot connect ({exc})"


@dataclass
class Watchdog:
    """Shared by every request of a run: trips after `max_timeouts` requests in a row got no answer
    (or at once when the very first request cannot connect), and when the deadline passes."""

    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.monotonic
    responses: int = 0  # requests that got an answer
    silent: int = 0  # requests in a row that got none
    verdict: Verdict | None = None
    on_silence: list[Callable[[], None]] = field(default_factory=list)  # a run of silent requests begins
    on_verdict: list[Callable[[], None]] = field(default_factory=list)
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def remaining(self) -> float:
        return self.started + self.limits.deadline - self.clock()

    def check_deadline(self) -> Verdict | None:
        """The verdict, once the run's deadline has passed."""
        if self.verdict is None and self.remaining() <= 0:
            self._trip(
                "unresponsive",
                f"target unresponsive: the run passed its deadline of {self.limits.deadline:g} s "
                f"(--deadline) after {self.responses} responses",
            )
        return self.verdict

    def answered(self) -> None:
        self.responses += 1
        self.silent = 0

    def no_answer(self, url: httpx.URL, exc: httpx.TransportError) -> None:
        """Count a request that got no answer; trip when the target looks gone rather than broken."""
        found = classify(exc)
        if found is None or self.verdict is not None:
            return
        kind, reason = found
        self.silent += 1
        if self.silent == 1:
            for callback in self.on_silence:
                callback()
        where = f"target {kind}: {origin(url)}"
        if kind == "unreachable" and self.responses == 0:
            self._trip(kind, f"{where}: {reason}")
        elif self.silent >= self.limits.max_timeouts:
            if kind == "unresponsive":
                what = f"{self.silent} requests in a row got no answer within {self.limits.timeout:g} s"
            else:
                what = f"{self.silent} requests in a row could not connect (last: {reason})"
            self._trip(kind, f"{where}: {what}, after {self.responses} answered")

    def _trip(self, kind: Kind, message: str) -> None:
        self.verdict = Verdict(kind, message)
        for callback in self.on_verdict:
            callback()


class WatchedClient(httpx.Client):
    """An httpx client that cuts each request's timeout to the time left and tells the watchdog
    whether an answer came; after a verdict it refuses to send at all. (A client, not a transport,
    so that the environment's proxy settings still apply, as they did before.)

    A body the caller does not stream itself is read here within `max_response_bytes` (inflated:
    a gzip bomb stops there; BodyTooLarge, a broken answer) and within the per-request timeout
    counted from the send (a trickle stops there; BodyTooSlow, a request without an answer). A
    caller that streams (the generated client) applies its own limits."""

    def __init__(self, watchdog: Watchdog) -> None:
        super().__init__(timeout=watchdog.limits.http_timeout())
        self.watchdog = watchdog

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        verdict = self.watchdog.verdict or self.watchdog.check_deadline()
        if verdict is not None:
            raise TargetGone(verdict.message, request=request)
        remaining = max(0.001, self.watchdog.remaining())
        timeouts = request.extensions.get("timeout") or self.timeout.as_dict()
        request.extensions["timeout"] = {
            key: remaining if value is None else min(value, remaining) for key, value in timeouts.items()
        }
        started = time.monotonic()
        stream = bool(kwargs.pop("stream", False))
        try:
            response = super().send(request, stream=True, **kwargs)
            if not stream:
                self._read_within_limits(response, started)
        except httpx.TransportError as exc:
            self.watchdog.no_answer(request.url, exc)
            raise
        self.watchdog.answered()
        return response

    def _read_within_limits(self, response: httpx.Response, started: float) -> None:
        response._content = read_body(response, self.watchdog.limits, started)  # as httpx's read() keeps it


def read_body(response: httpx.Response, limits: Limits, started: float, *, raw: bool = False) -> bytes:
    """The body (decoded, or as sent with `raw`) within `max_response_bytes` and the per-request
    timeout counted from `started`; BodyTooLarge or BodyTooSlow, the response closed, otherwise."""
    chunks: list[bytes] = []
    size = 0
    pieces = response.iter_raw() if raw else response.iter_bytes()
    try:
        for chunk in pieces:
            size += len(chunk)
            failure: httpx.TransportError | None = None
            if size > limits.max_response_bytes:
                inflated = "" if raw else " (inflated)"
                failure = BodyTooLarge(f"the body is larger than {limits.max_response_bytes:,} bytes{inflated}")
            elif time.monotonic() - started > limits.timeout:
                failure = BodyTooSlow(
                    f"the response was not complete within {limits.timeout:g} s ({size:,} bytes of the body received)"
                )
            if failure is not None:
                # Nothing read may stay alive on the traceback: pytest and hypothesis keep failures.
                del chunk, chunks[:]
                getattr(pieces, "close", lambda: None)()  # the decoder keeps its last piece
                failure.request = response.request
                raise failure
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


def watched_client(watchdog: Watchdog) -> httpx.Client:
    """An httpx client whose every request the watchdog bounds and counts."""
    return WatchedClient(watchdog)


def probe(base_url: str, watchdog: Watchdog) -> Verdict | None:
    """One plain GET of the base URL before the suite: any HTTP answer means the target is there."""
    with watched_client(watchdog) as http:
        try:
            http.get(base_url.rstrip("/") + "/")
        except httpx.TransportError:
            pass  # the watchdog has counted it; a broken answer is for the suite to judge
    return watchdog.verdict
