"""What a mock server is configured with: test credentials, clock, unavailable ids, limits, faults.

`SETTINGS` is the one definition of every X_MOCK_* variable: `MockConfig.from_env`, the pytest
plugin's options and `python -m contracts.mock --help` are all read from it, so a setting cannot
be documented in one place and parsed differently in another.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any
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
ENV_PUBLIC_BASE_URL = "X_MOCK_PUBLIC_BASE_URL"
ENV_TRUST_FORWARDED = "X_MOCK_TRUST_FORWARDED"
FAULT_HEADER = "x-mock-fault"
# The longest a `delay` fault may wait: long enough to trip any client timeout worth testing,
# short enough that a forgotten fault cannot hold a connection (or a shutdown) for long.
MAX_FAULT_DELAY_SECONDS = 60.0
# kind -> (argument, what the mock does); the one list of fault kinds, shown by --help.
FAULT_KINDS: dict[str, tuple[str, str]] = {
    "status": (":CODE", "answer CODE (400-599, default 503) in the variant's error format"),
    "delay": (":SECONDS", f"wait SECONDS (0-{MAX_FAULT_DELAY_SECONDS:g}, default 1), then answer normally"),
    "drop": ("", "announce the full length, send half the body, close the connection"),
    "truncate": ("", "half the body with the right length: broken JSON or a truncated gzip stream"),
    "malformed": ("", "an HTML page labelled application/json"),
    "content-type": ("", "the right body labelled text/html"),
}
FAULT_FORM = "KIND[:ARGUMENT][@PATH]"
CLOCK_MODES = (None, "frozen", "running")


class SettingError(ValueError):
    """A setting with a value of the wrong form; the message names the setting and the form."""

    def __init__(self, name: str, form: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}; expected {form}")
        self.name = name
        self.form = form


class FaultError(ValueError):
    """A fault written wrongly (in X_MOCK_FAULTS, an X-Mock-Fault header or a Fault(...))."""


def _shown(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


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

    The kinds and what each does are in FAULT_KINDS. Out-of-range values are refused here, so a
    fault can never ask for a status no HTTP server can send or a wait that never ends.
    """

    kind: str
    path: str = "*"  # fnmatch pattern on the request path
    status: int = 503
    delay: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise FaultError(f"unknown fault kind {_shown(self.kind)}; expected one of {', '.join(FAULT_KINDS)}")
        if not 400 <= self.status <= 599:
            raise FaultError(f"the status must be an integer from 400 to 599, got {self.status}")
        if not (math.isfinite(self.delay) and 0 <= self.delay <= MAX_FAULT_DELAY_SECONDS):
            raise FaultError(
                f"the delay must be a number of seconds from 0 to {MAX_FAULT_DELAY_SECONDS:g}, got {self.delay}"
            )

    def __str__(self) -> str:
        """The fault in the syntax `parse` reads."""
        argument = {"status": f":{self.status}", "delay": f":{self.delay:g}"}.get(self.kind, "")
        return f"{self.kind}{argument}" + (f"@{self.path}" if self.path != "*" else "")

    @classmethod
    def parse(cls, text: str) -> Fault:
        """`kind[:argument][@path]`, e.g. `status:500@/2/*`, `delay:2.5`, `drop@/insights/*`."""
        spec, _, path = text.strip().partition("@")
        kind, colon, argument = spec.partition(":")
        path = path or "*"
        if not colon:
            return cls(kind, path)
        if kind == "status":
            if not argument.strip().isascii() or not argument.strip().isdigit():
                raise FaultError(f"the status must be an integer from 400 to 599, got {_shown(argument)}")
            return cls(kind, path, status=int(argument))
        if kind == "delay":
            try:
                delay = float(argument)
            except ValueError:
                delay = math.nan
            if not math.isfinite(delay):
                raise FaultError(
                    f"the delay must be a number of seconds from 0 to {MAX_FAULT_DELAY_SECONDS:g}, "
                    f"got {_shown(argument)}"
                )
            return cls(kind, path, delay=delay)
        if kind in FAULT_KINDS:
            raise FaultError(f"the fault {kind!r} takes no argument, got {_shown(argument)}")
        return cls(kind, path)


def fault_help() -> str:
    """The fault syntax, as --help and the README show it."""
    lines = [
        f"A fault is {FAULT_FORM}: X_MOCK_FAULTS takes a comma-separated list, the X-Mock-Fault",
        "request header one fault for that request. Kinds:",
    ]
    lines += [f"  {kind + argument:<18}{meaning}" for kind, (argument, meaning) in FAULT_KINDS.items()]
    lines.append(
        "  @PATH             only on paths matching this fnmatch pattern (default *), e.g. status:502@/insights/*"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at `now`; makes whole responses reproducible."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def parse_public_base_url(text: str, where: str = ENV_PUBLIC_BASE_URL) -> str:
    """`text` checked as the base URL clients use to reach the mock (`https://host[:port][/prefix]`)."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{where}: expected an http(s) URL like https://gateway.example.com/prefix, got {text!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _public_base_url(value: str) -> str:
    try:
        return parse_public_base_url(value)
    except ValueError:
        raise ValueError(f"got {_shown(value)}") from None


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
    # The largest legitimate Enterprise body is under 4 KB and the longest v2 query under 2 KB;
    # anything far larger is refused before it is read or parsed.
    max_body_bytes: int = 64 * 1024
    max_query_bytes: int = 8 * 1024

    # Behind a reverse proxy a client signs OAuth 1.0a for the proxy's URL, while the mock sees its
    # own Host. With this set, signatures are checked against this base URL plus the request path.
    public_base_url: str | None = None
    # Opt-in: take scheme and host for the signature check from X-Forwarded-Proto/X-Forwarded-Host.
    # Only behind a proxy that sets them: any client can send these headers.
    trust_forwarded_headers: bool = False
    # "frozen" or "running"; None: frozen when `clock` is a FixedClock (X_MOCK_NOW), else running.
    # A MockClock given as `clock` is used as it is.
    clock_mode: str | None = None
    # The /__mock/clock endpoint (GET reads the clock, POST moves it; the bearer token required).
    clock_control: bool = True
    # Seconds every API request waits before it is answered (real time, not the mock's clock).
    latency: float = 0.0

    def __post_init__(self) -> None:
        if self.clock_mode not in CLOCK_MODES:
            raise ValueError(f"clock_mode must be 'frozen', 'running' or None, got {self.clock_mode!r}")
        if not (math.isfinite(self.latency) and 0 <= self.latency <= MAX_FAULT_DELAY_SECONDS):
            raise ValueError(
                f"latency must be a number of seconds from 0 to {MAX_FAULT_DELAY_SECONDS:g}, got {self.latency}"
            )
        if self.public_base_url is not None:
            object.__setattr__(self, "public_base_url", parse_public_base_url(self.public_base_url, "public_base_url"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MockConfig:
        """Defaults, overridden by the X_MOCK_* variables of SETTINGS; SettingError names a bad one."""
        env = os.environ if environ is None else environ
        given = {s.option: env[s.variable] for s in SETTINGS if s.variable in env}
        return config_from_options(given)


# ---- the settings: one definition for the environment, the pytest plugin and --help ----


def _text(value: str) -> str:
    return value


def _digits_or_empty(value: str) -> str:
    if value and not (value.isascii() and value.isdigit()):
        raise ValueError(f"got {_shown(value)}")
    return value


def _positive_int(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(f"got {_shown(value)}")
    return int(text)


def _rate_limit(value: str) -> RateLimit | None:
    text = value.strip()
    if text.lower() in ("", "off"):
        return None
    limit, slash, seconds = text.partition("/")
    return RateLimit(_positive_int(limit), _positive_int(seconds) if slash else 60)


def _faults(value: str) -> tuple[Fault, ...]:
    try:
        return tuple(Fault.parse(item) for item in value.split(",") if item.strip())
    except FaultError as error:
        raise ValueError(str(error)) from None


def _switch(value: str) -> bool:
    text = value.strip().lower()
    if text in ("on", "true", "yes", "1"):
        return True
    if text in ("off", "false", "no", "0"):
        return False
    raise ValueError(f"got {_shown(value)}")


def _fixed_clock(value: str) -> Callable[[], datetime]:
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"got {_shown(value)}") from None
    if moment.tzinfo is None:
        raise ValueError(f"{_shown(value)} has no time zone")
    return FixedClock(moment.astimezone(UTC))


def _clock_mode(value: str) -> str | None:
    text = value.strip().lower()
    if text in CLOCK_MODES or text in ("", "auto"):
        return text if text in CLOCK_MODES else None
    raise ValueError(f"got {_shown(value)}")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 <= seconds <= MAX_FAULT_DELAY_SECONDS):
        raise ValueError(f"got {_shown(value)}")
    return seconds


@dataclass(frozen=True)
class Setting:
    """One X_MOCK_* variable: the MockConfig option it sets, its form, default and meaning."""

    variable: str
    option: str  # a MockConfig field, a Credentials field, or "now" (a fixed clock)
    form: str
    default: str
    meaning: str
    parse: Callable[[str], Any] = field(repr=False)
    secret: bool = False  # its value is never echoed in an error

    def read(self, value: Any) -> Any:
        """The option's value from text (environment, marker) or an already-typed value."""
        if isinstance(value, str):
            text = value
        elif isinstance(value, bool):
            text = "on" if value else "off"
        elif isinstance(value, int | float) or value is None:
            text = "" if value is None else str(value)
        else:
            return value
        try:
            return self.parse(text)
        except ValueError as error:
            problem = "invalid value" if self.secret else str(error) or "invalid value"
            raise SettingError(self.variable, self.form, problem) from None


SETTINGS: tuple[Setting, ...] = (
    *(
        Setting(
            ENV_CREDENTIALS[key],
            key,
            "any text",
            default,
            f"the {key.replace('_', ' ')} the mock accepts",
            _text,
            secret=key != "consumer_key",
        )
        for key, default in DEFAULT_CREDENTIALS.items()
    ),
    Setting(
        "X_MOCK_UNAVAILABLE_SUFFIX", "unavailable_suffix", "digits, or empty for none", "404",
        "post ids ending in these digits are reported unavailable", _digits_or_empty,
    ),
    Setting(
        "X_MOCK_RATE_LIMIT", "rate_limit", "N or N/SECONDS (positive integers), or off", "off",
        "allow N requests per variant per SECONDS (default 60), then answer 429", _rate_limit,
    ),
    Setting(
        "X_MOCK_FAULTS", "faults", f"{FAULT_FORM},...", "none",
        "faults applied to every matching request (the fault syntax is below)", _faults,
    ),
    Setting(
        "X_MOCK_FAULT_HEADER", "faults_by_header", "on or off", "on",
        "whether a request may ask for a fault with the X-Mock-Fault header", _switch,
    ),
    Setting(
        "X_MOCK_V2_HISTORY_HOURS", "v2_history_hours", "a positive integer", str(MockConfig.v2_history_hours),
        "v2 historical windows are clipped to their last this-many hours", _positive_int,
    ),
    Setting(
        "X_MOCK_MAX_BODY_BYTES", "max_body_bytes", "a positive integer", str(MockConfig.max_body_bytes),
        "a larger request body is refused with 413", _positive_int,
    ),
    Setting(
        "X_MOCK_MAX_QUERY_BYTES", "max_query_bytes", "a positive integer", str(MockConfig.max_query_bytes),
        "a longer query string is refused with 414 (keep it under uvicorn's 16 KiB header limit)", _positive_int,
    ),
    Setting(
        ENV_PUBLIC_BASE_URL, "public_base_url", "an http(s) URL, e.g. https://gateway.example.com/prefix", "none",
        "check OAuth 1.0a signatures against this base URL plus the request path (behind a reverse proxy)",
        _public_base_url,
    ),
    Setting(
        ENV_TRUST_FORWARDED, "trust_forwarded_headers", "on or off", "off",
        "take scheme and host for signature checks from X-Forwarded-Proto/-Host (only behind a proxy that sets them)",
        _switch,
    ),
    Setting(
        "X_MOCK_NOW", "now", "an ISO 8601 time with a zone, e.g. 2026-03-10T14:37:12Z", "the real time",
        "start the mock's clock at this time (frozen there unless X_MOCK_CLOCK=running)", _fixed_clock,
    ),
    Setting(
        "X_MOCK_CLOCK", "clock_mode", "frozen or running", "frozen with X_MOCK_NOW, else running (the real time)",
        "frozen: the clock moves only when told (/__mock/clock, x_mock.clock); running: at real speed", _clock_mode,
    ),
    Setting(
        "X_MOCK_CLOCK_CONTROL", "clock_control", "on or off", "on",
        "serve /__mock/clock (GET reads the clock, POST sets or advances it; needs the bearer token)", _switch,
    ),
    Setting(
        "X_MOCK_LATENCY", "latency", f"seconds from 0 to {MAX_FAULT_DELAY_SECONDS:g}", "0",
        "every API request waits this long (real time) before it is answered", _seconds,
    ),
)  # fmt: skip
SETTINGS_BY_OPTION = {s.option: s for s in SETTINGS}


def config_from_options(options: Mapping[str, Any], base: MockConfig | None = None) -> MockConfig:
    """`base` (or the defaults) with `options` applied; each option is named as in SETTINGS.

    Values may be text in the setting's form (as in the environment) or already typed
    (`RateLimit(2, 60)`, `[Fault("drop")]`, `False`); unknown names raise SettingError.
    """
    config = base or MockConfig()
    changes: dict[str, Any] = {}
    secrets: dict[str, Any] = {}
    credential_fields = {f.name for f in fields(Credentials)}
    for name, raw in options.items():
        setting = SETTINGS_BY_OPTION.get(name)
        if setting is None:
            raise SettingError(name, f"one of {', '.join(SETTINGS_BY_OPTION)}", "unknown option")
        value = setting.read(raw)
        if name in credential_fields:
            if value:
                secrets[name] = value
        elif name == "now":
            changes["clock"] = value if callable(value) else FixedClock(value)
        elif name == "faults":
            changes["faults"] = tuple(_one_fault(f) for f in _as_iterable(value))
        else:
            changes[name] = value
    if secrets:
        changes["credentials"] = replace(config.credentials, **secrets)
    return replace(config, **changes)


def _as_iterable(value: Any) -> Iterable[Any]:
    return (value,) if isinstance(value, Fault) else value


def _one_fault(value: Any) -> Fault:
    if isinstance(value, Fault):
        return value
    try:
        return Fault.parse(str(value))
    except FaultError as error:
        raise SettingError("X_MOCK_FAULTS", FAULT_FORM, str(error)) from None


def settings_help() -> str:
    """Every X_MOCK_* setting with its form and default, as --help shows them."""
    width = max(len(s.variable) for s in SETTINGS)
    lines = ["Settings (environment variables):"]
    for s in SETTINGS:
        lines.append(f"  {s.variable:<{width}}  {s.meaning}")
        lines.append(f"  {'':<{width}}  form: {s.form}; default: {s.default}")
    return "\n".join(lines)
