"""What a mock server is configured with: test credentials, clock, unavailable ids, limits, faults.

Defaults are documented in contracts/README.md; every credential can be overridden by an
environment variable so a CI job can point a real client at the mock with its own secrets.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

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
ENV_PUBLIC_BASE_URL = "X_MOCK_PUBLIC_BASE_URL"
ENV_TRUST_FORWARDED = "X_MOCK_TRUST_FORWARDED"
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


def parse_public_base_url(text: str, where: str = ENV_PUBLIC_BASE_URL) -> str:
    """`text` checked as the base URL clients use to reach the mock (`https://host[:port][/prefix]`)."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{where}: expected an http(s) URL like https://gateway.example.com/prefix, got {text!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _flag(text: str, where: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ValueError(f"{where}: expected 1/true/yes or 0/false/no, got {text!r}")


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
    # X documents no window limit for v2 historical; the mock serves at most the last this-many
    # hours of a longer window (clipped, not refused) so a 20-year hourly request stays small.
    v2_history_hours: int = 7 * 24
    # Behind a reverse proxy a client signs OAuth 1.0a for the proxy's URL, while the mock sees its
    # own Host. With this set, signatures are checked against this base URL plus the request path.
    public_base_url: str | None = None
    # Opt-in: take scheme and host for the signature check from X-Forwarded-Proto/X-Forwarded-Host.
    # Only behind a proxy that sets them: any client can send these headers.
    trust_forwarded_headers: bool = False

    def __post_init__(self) -> None:
        if self.public_base_url is not None:
            object.__setattr__(self, "public_base_url", parse_public_base_url(self.public_base_url, "public_base_url"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MockConfig:
        """Defaults, overridden by X_MOCK_* variables (see contracts/README.md)."""
        env = os.environ if environ is None else environ
        rate = env.get(ENV_RATE_LIMIT)
        faults = tuple(Fault.parse(item) for item in env.get(ENV_FAULTS, "").split(",") if item.strip())
        base_url = env.get(ENV_PUBLIC_BASE_URL)
        return cls(
            credentials=Credentials.from_env(env),
            unavailable_suffix=env.get(ENV_UNAVAILABLE_SUFFIX, "404"),
            rate_limit=RateLimit(int(rate)) if rate else None,
            faults=faults,
            public_base_url=parse_public_base_url(base_url) if base_url else None,
            trust_forwarded_headers=_flag(env.get(ENV_TRUST_FORWARDED, ""), ENV_TRUST_FORWARDED),
        )
