"""What a mock server is configured with: test credentials, clock, unavailable ids, limits, faults.

Defaults are documented in contracts/README.md; every credential can be overridden by an
environment variable so a CI job can point a real client at the mock with its own secrets.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

DEFAULT_CREDENTIALS = {
    "bearer_token": "mock-bearer-token",
    "consumer_key": "mock-consumer-key",
    "consumer_secret": "mock-consumer-secret",
    "access_token": "mock-access-token",
    "access_token_secret": "mock-access-token-secret",
}
ENV_CREDENTIALS = {
    "bearer_token": "X_MOCK_BEARER_TOKEN",
    "consumer_key": "X_MOCK_CONSUMER_KEY",
    "consumer_secret": "X_MOCK_CONSUMER_SECRET",
    "access_token": "X_MOCK_ACCESS_TOKEN",
    "access_token_secret": "X_MOCK_ACCESS_TOKEN_SECRET",
}
ENV_UNAVAILABLE_SUFFIX = "X_MOCK_UNAVAILABLE_SUFFIX"
ENV_RATE_LIMIT = "X_MOCK_RATE_LIMIT"
ENV_FAULTS = "X_MOCK_FAULTS"
FAULT_HEADER = "x-mock-fault"
FAULT_KINDS = ("status", "delay", "drop", "truncate", "malformed", "content-type")


@dataclass(frozen=True)
class Credentials:
    """The test credentials the mock accepts; repr shows only the public consumer key."""

    bearer_token: str = field(repr=False)
    consumer_key: str
    consumer_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if environ is None else environ
        return cls(**{key: env.get(ENV_CREDENTIALS[key]) or value for key, value in DEFAULT_CREDENTIALS.items()})


@dataclass(frozen=True)
class RateLimit:
    """When set, each variant allows `limit` requests per `window_seconds`, then answers 429."""

    limit: int
    window_seconds: int = 60


@dataclass(frozen=True)
class Fault:
    """A deliberate misbehaviour for client tests, applied to requests whose path matches `path`.

    kind: status (answer `status`), delay (wait `delay` s, then answer normally), drop (close the
    connection mid-response), truncate (cut the body in half), malformed (a body that is not
    JSON), content-type (the right body labelled text/html).
    """

    kind: str
    path: str = "*"  # fnmatch pattern on the request path
    status: int = 503
    delay: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {', '.join(FAULT_KINDS)}")

    @classmethod
    def parse(cls, text: str) -> Fault:
        """`kind[:argument][@path]`, e.g. `status:500@/2/*`, `delay:2.5`, `drop@/insights/*`."""
        spec, _, path = text.strip().partition("@")
        kind, _, argument = spec.partition(":")
        if kind == "status" and argument:
            return cls(kind, path or "*", status=int(argument))
        if kind == "delay" and argument:
            return cls(kind, path or "*", delay=float(argument))
        return cls(kind, path or "*")


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class MockConfig:
    """Everything that makes one mock differ from another; the defaults make a well-behaved server."""

    credentials: Credentials = field(default_factory=Credentials.from_env)
    clock: Callable[[], datetime] = _utc_now  # a fixed clock makes whole responses reproducible
    unavailable_suffix: str = "404"  # tweet ids ending in this are reported unavailable
    rate_limit: RateLimit | None = None  # None: headers are sent but nothing is refused
    faults: tuple[Fault, ...] = ()
    faults_by_header: bool = True  # a request may ask for a fault with `X-Mock-Fault: <fault>`

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MockConfig:
        """Defaults, overridden by X_MOCK_* variables (see contracts/README.md)."""
        env = os.environ if environ is None else environ
        rate = env.get(ENV_RATE_LIMIT)
        faults = tuple(Fault.parse(item) for item in env.get(ENV_FAULTS, "").split(",") if item.strip())
        return cls(
            credentials=Credentials.from_env(env),
            unavailable_suffix=env.get(ENV_UNAVAILABLE_SUFFIX, "404"),
            rate_limit=RateLimit(int(rate)) if rate else None,
            faults=faults,
        )
