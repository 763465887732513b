"""A mock of both variants for the collector's tests, with a frozen clock the test moves and a
ledger of every API request it answered (which posts, which status), so a test can count how
often each chunk was polled, see 429s, and SIGKILL a collector when its k-th request arrives.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from contracts.mock.app import create_app
from contracts.mock.clock import MockClock
from contracts.mock.config import MockConfig, config_from_options
from contracts.mock.server import serving_in_thread

API_PREFIXES = ("/2/insights/", "/insights/engagement/")
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Request:
    variant: str
    post_ids: frozenset[str]
    status: int
    at: datetime


@dataclass
class Ledger:
    """Every API request the mock answered, and a condition to wait for the next one."""

    requests: list[Request] = field(default_factory=list)
    arrived: int = 0
    condition: threading.Condition = field(default_factory=threading.Condition)

    def wait_for_arrivals(self, count: int, timeout: float, alive: Any = None) -> bool:
        """Block until `count` requests have arrived (True), the deadline passes or `alive()`
        turns False (False)."""
        end = time.monotonic() + timeout
        with self.condition:
            while self.arrived < count:
                left = end - time.monotonic()
                if left <= 0 or (alive is not None and not alive()):
                    return False
                self.condition.wait(min(left, 0.02))
            return True

    def polls(self) -> dict[tuple[str, frozenset[str], datetime], int]:
        """(variant, chunk's ids, mock time) -> how many answered 200."""
        counts: dict[tuple[str, frozenset[str], datetime], int] = {}
        for request in self.requests:
            if request.status == 200:
                key = (request.variant, request.post_ids, request.at)
                counts[key] = counts.get(key, 0) + 1
        return counts


Tamper = Callable[[str, frozenset[str], bytes], bytes]
"""(variant, the request's post ids, the mock's answer body) -> the body to send instead."""


class _Counting:
    """ASGI middleware: records API requests (not the clock probes) in the ledger, and lets a
    test rewrite an answer's body (`tamper`) to play a hostile server."""

    def __init__(self, app: Any, ledger: Ledger, clock: MockClock, tamper: Tamper | None = None) -> None:
        self.app, self.ledger, self.clock, self.tamper = app, ledger, clock, tamper

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        variant = "v2" if path.startswith("/2/") else "enterprise"
        at = self.clock.now
        with self.ledger.condition:
            self.ledger.arrived += 1
            self.ledger.condition.notify_all()
        body = bytearray()
        status = 0
        held: list[Any] = []  # the answer, held back while a tamper is set
        answer = bytearray()

        async def receive_and_keep() -> Any:
            message = await receive()
            body.extend(message.get("body", b""))
            return message

        async def send_and_note(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            if self.tamper is None:
                await send(message)
                return
            if message["type"] == "http.response.start":
                held.append(message)
                return
            answer.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            ids = _post_ids(variant, scope.get("query_string", b""), bytes(body))
            changed = bytes(answer)
            if status == 200:
                zipped = changed[:2] == b"\x1f\x8b"
                changed = self.tamper(variant, ids, gzip.decompress(changed) if zipped else changed)
                changed = gzip.compress(changed, mtime=0) if zipped else changed
            start = held[0]
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(changed)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": changed})

        try:
            await self.app(scope, receive_and_keep, send_and_note)
        finally:
            ids = _post_ids(variant, scope.get("query_string", b""), bytes(body))
            with self.ledger.condition:
                self.ledger.requests.append(Request(variant, ids, status, at))


def _post_ids(variant: str, query: bytes, body: bytes) -> frozenset[str]:
    import json

    if variant == "v2":
        values = parse_qs(query.decode("latin-1")).get("tweet_ids", [""])
        return frozenset(",".join(values).split(","))
    try:
        return frozenset(json.loads(body or b"{}").get("tweet_ids", []))
    except ValueError:
        return frozenset()


@dataclass
class PollMock:
    base_url: str
    clock: MockClock
    ledger: Ledger
    config: MockConfig

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a collector subprocess: the mock's URL and credentials."""
        c = self.config.credentials
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("X_BEARER", "X_CONSUMER", "X_ACCESS", "X_API", "X_ENGAGEMENT"))
        }
        env.update(
            X_API_BASE_URL=self.base_url,
            X_BEARER_TOKEN=c.bearer_token,
            X_CONSUMER_KEY=c.consumer_key,
            X_CONSUMER_SECRET=c.consumer_secret,
            X_ACCESS_TOKEN=c.access_token,
            X_ACCESS_TOKEN_SECRET=c.access_token_secret,
            PYTHONPATH=str(REPO),
        )
        env.update(extra)
        return env

    def credentials(self) -> dict[str, Any]:
        import x_engagement

        c = self.config.credentials
        return {
            "bearer_token": c.bearer_token,
            "oauth1": x_engagement.OAuth1(c.consumer_key, c.consumer_secret, c.access_token, c.access_token_secret),
        }


@contextmanager
def poll_mock(now: datetime, tamper: Tamper | None = None, **settings: Any) -> Iterator[PollMock]:
    """A mock on a loopback port whose frozen clock starts at `now`; `tamper` rewrites answers."""
    clock = MockClock(now, frozen=True)
    config = config_from_options(settings, MockConfig(clock=clock))
    ledger = Ledger()
    app = create_app(config)
    with serving_in_thread(_Counting(app, ledger, clock, tamper)) as url:
        yield PollMock(url, clock, ledger, config)


def cli(*args: str) -> list[str]:
    """The command line of the real `x-engagement` console script, as a subprocess runs it."""
    return [sys.executable, "-m", "x_engagement._cli", *args]


def run_cli(
    args: Sequence[str], env: dict[str, str], timeout: float = 60, cwd: str | os.PathLike[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)
