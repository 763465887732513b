"""One request per chunk through the generated client, with the server's time of each answer.

Every time the collector reasons about (which cycle it is in, when a rate window resets) is the
API server's, read from the `Date` header of its answers: the local clock is used only to measure
how much time has passed since the last answer, so a skewed local clock (or a mock whose clock a
test moves) changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from x_engagement._auth import BearerToken, OAuth1
from x_engagement._call import DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT
from x_engagement._operation import OperationSpec
from x_engagement._transport import DeadlineTransport, deadline
from x_engagement._window import RANGED, RECENT, VARIANTS, arguments, source_metrics
from x_engagement.client import Client
from x_engagement.collect.errors import CollectorError

# The 28-hour operation of each variant and its arguments are defined once (x_engagement._window,
# from the spec's roles) for `x-engagement fetch` and the collector alike; the collector asks for
# every metric, in hourly buckets.
OPERATIONS: dict[str, OperationSpec] = RECENT
BATCH_SIZE = min(op.batch_size for op in OPERATIONS.values())
PER_MINUTE_WINDOW = timedelta(minutes=1)
# The range-asked sources the collector polls: post analytics. (Media analytics is keyed by media
# keys, which are not post ids: the store's `post_id` holds a post id, so it is not polled.)
RANGE_POLLED: dict[str, OperationSpec] = {v: op for v, op in RANGED.items() if v == "analytics"}
POLLED: tuple[str, ...] = (*VARIANTS, *RANGE_POLLED)
"""Every variant `collect` polls: the 28-hour ones, then the range-asked ones."""
METRICS = {variant: list(source_metrics(variant).values()) for variant in POLLED}


def polled_operation(variant: str) -> OperationSpec:
    """The operation a poll of `variant` calls (its 28-hour window, else its range operation)."""
    return OPERATIONS.get(variant) or RANGE_POLLED[variant]


def batch_size(variants: Iterable[str]) -> int:
    """The most ids one request of every one of `variants` takes (25 for insights, 100 analytics)."""
    return min(polled_operation(v).batch_size for v in variants)


class ApiUnreachable(CollectorError):
    """The API server could not be reached (or sent no usable `Date` header)."""


def require_credentials(
    variants: Iterable[str], bearer_token: str | BearerToken | None, oauth1: OAuth1 | None
) -> None:
    """Refuse, before anything is sent, credentials that cannot reach `variants`."""
    if bearer_token is None and oauth1 is None:
        raise CollectorError(
            "no API credentials: set X_BEARER_TOKEN (v2) and/or the four X_CONSUMER_KEY, "
            "X_CONSUMER_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET variables (Enterprise)"
        )
    if "enterprise" in variants and oauth1 is None:
        raise CollectorError(
            "the Enterprise API needs OAuth 1.0a: set X_CONSUMER_KEY, X_CONSUMER_SECRET, "
            "X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET"
        )


class ServerClock:
    """The server's time: its last `Date` plus the local time elapsed since (monotonic)."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._anchor: tuple[datetime, float] | None = None

    @property
    def known(self) -> bool:
        return self._anchor is not None

    def observe(self, date_header: str | None) -> datetime | None:
        """Take an answer's `Date` header; returns it parsed (None when absent or malformed)."""
        if not date_header:
            return None
        try:
            moment = parsedate_to_datetime(date_header)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
        self._anchor = (moment, self._monotonic())
        return moment

    def now(self) -> datetime:
        if self._anchor is None:
            raise RuntimeError("the server's time is not known yet: probe it first")
        moment, at = self._anchor
        return moment + timedelta(seconds=self._monotonic() - at)

    def timestamp(self) -> float:
        """`now()` as Unix seconds: the clock the client's own 429 handling computes waits with."""
        return self.now().timestamp()


@dataclass(frozen=True)
class Answer:
    """One chunk's rows, when the server answered (its `Date`), and its rate-limit figures."""

    rows: Sequence[Any]
    fetched_at: datetime
    limit: int | None
    remaining: int | None
    reset_at: datetime | None
    messages: tuple[str, ...] = ()  # what the answer says went wrong (partial answers)


class Fetcher:
    """A client for one collector process: its own HTTP connection pool, the server clock fed by
    every answer, and the credentials from the caller (never logged: the client hides them)."""

    def __init__(
        self,
        *,
        bearer_token: str | BearerToken | None = None,
        oauth1: OAuth1 | None = None,
        base_url: str | None = None,
        sleep: Callable[[float], object] = time.sleep,
        timeout: float | None = None,
        deadline: float | None = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.clock = ServerClock()
        self._deadline = deadline
        self._max_bytes = max_response_bytes
        self._last_date: str | None = None
        self._base_url = base_url
        self._http = httpx.Client(
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            transport=DeadlineTransport(),
            event_hooks={"response": [self._hook]},
        )
        self._client = Client(
            bearer_token=bearer_token,
            oauth1=oauth1,
            base_url=base_url,
            http_client=self._http,
            sleep=lambda seconds: None if sleep(seconds) else None,
            clock=self._clock_for_client,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
        )

    def _clock_for_client(self) -> float:
        return self.clock.timestamp() if self.clock.known else time.time()

    def _hook(self, response: httpx.Response) -> None:
        self._last_date = response.headers.get("date")
        self.clock.observe(self._last_date)

    def close(self) -> None:
        self._http.close()

    def probe_url(self, variant: str) -> str:
        """A URL whose answer (a 404 is fine) carries the server's `Date` and costs no rate
        budget: the root of the host the variant's requests go to."""
        base = self._base_url or polled_operation(variant).servers[0]
        parts = httpx.URL(base)
        return str(parts.copy_with(path="/", query=None, fragment=None))

    def probe(self, variant: str) -> datetime:
        """The server's time now, from an unauthenticated request to the host's root.

        Bounded as every client call is: the whole request (a trickled head or body included)
        within the deadline, the body streamed, counted and dropped, at most `max_response_bytes`.
        """
        url = self.probe_url(variant)
        end = None if self._deadline is None else time.monotonic() + self._deadline
        try:
            with deadline(end), self._http.stream("GET", url) as response:
                declared = response.headers.get("content-length", "")
                if declared.isascii() and declared.isdigit() and int(declared) > self._max_bytes:
                    raise self._too_large(url)
                size = 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > self._max_bytes:
                        raise self._too_large(url)
                    if end is not None and time.monotonic() > end:
                        raise httpx.ReadTimeout("the call's deadline passed")
                date = response.headers.get("date")
        except httpx.HTTPError as exc:
            raise ApiUnreachable(
                f"cannot reach the API at {url}: {type(exc).__name__}: {exc}"
                + (
                    f" (deadline {self._deadline} s)"
                    if isinstance(exc, httpx.TimeoutException)
                    else ""
                )
            ) from None
        moment = self.clock.observe(date)
        if moment is None:
            raise ApiUnreachable(f"the API at {url} sent no Date header: cannot tell its time")
        return moment

    def _too_large(self, url: str) -> ApiUnreachable:
        return ApiUnreachable(
            f"the API at {url} answered with more than {self._max_bytes} bytes "
            "(max_response_bytes): not an API server's answer"
        )

    def fetch(self, variant: str, post_ids: Sequence[str]) -> Answer:
        """The 28-hour hourly series of every metric of `post_ids` (at most 25)."""
        spec = OPERATIONS[variant]
        kwargs = arguments(variant, METRICS[variant], "hour")
        return self.call(spec, {**kwargs, spec.batch_parameter: list(post_ids)})

    def fetch_range(
        self, variant: str, post_ids: Sequence[str], start: datetime, end: datetime
    ) -> Answer:
        """The hourly series of every metric of `post_ids` over [start, end) (a range-asked
        variant: post analytics)."""
        spec = RANGE_POLLED[variant]
        kwargs = arguments(variant, METRICS[variant], "hour", spec, (start, end))
        return self.call(spec, {**kwargs, spec.batch_parameter: list(post_ids)})

    def call(self, spec: OperationSpec, kwargs: dict[str, Any]) -> Answer:
        """One request of the operation `spec` (the client checks `kwargs` before sending)."""
        self._last_date = None
        result: Any = getattr(self._client, spec.method_name)(**kwargs)
        fetched_at = self.clock.observe(self._last_date) if self._last_date else None
        if fetched_at is None:
            raise ApiUnreachable("the API answered without a Date header: cannot tell its time")
        rate = result.rate_limit
        reset_at = rate.reset_at
        if reset_at is None and rate.remaining is not None:
            # Enterprise sends `x-per-minute-*` and no reset: its window ends at the latest a
            # minute after this answer.
            reset_at = fetched_at + PER_MINUTE_WINDOW
        return Answer(
            rows=result.to_rows(),
            fetched_at=fetched_at,
            limit=rate.limit,
            remaining=rate.remaining,
            reset_at=reset_at,
            messages=tuple(result.error_messages),
        )


@dataclass(frozen=True)
class Historical:
    """A variant's operation over a chosen time range, and how the spec bounds that range."""

    spec: OperationSpec
    start: str  # the keyword arguments of the range's two ends
    end: str
    longest: timedelta  # the longest range one request may ask for


# X documents no range limit for v2's historical endpoint; a week of hourly buckets per request
# keeps an answer about six times the size of a 28-hour one.
UNBOUNDED_RANGE = timedelta(days=7)


def historical(variant: str) -> Historical | None:
    """The variant's operation with a `time-window` rule (the spec's x-rules), or None."""
    from x_engagement._operations import OPERATIONS

    for spec in OPERATIONS:
        if spec.variant != variant:
            continue
        rule = next((r for r in spec.rules if r.get("rule") == "time-window"), None)
        if rule is None:
            continue
        dest = {option.wire: option.dest for option in spec.options}
        days = rule.get("max-days")
        longest = timedelta(days=days) if isinstance(days, int) else UNBOUNDED_RANGE
        return Historical(spec, dest[rule["start"]], dest[rule["end"]], longest)
    return None


def chosen_variants(variant: str) -> tuple[str, ...]:
    """`v2`, `enterprise`, `analytics`, a comma list of them, `both` (v2 and enterprise) or `all`
    as the variants to poll, in that order; anything else is refused."""
    names = {"both": VARIANTS, "all": POLLED}
    chosen: list[str] = []
    for name in variant.split(","):
        name = name.strip()
        for one in names.get(name, (name,)):
            if one not in POLLED:
                known = ", ".join((*POLLED, *names))
                raise CollectorError(f"variant must be one of {known} (or a comma list), "
                                     f"got {variant!r}")  # fmt: skip
            if one not in chosen:
                chosen.append(one)
    return tuple(v for v in POLLED if v in chosen)
