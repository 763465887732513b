"""What a call returns: the typed response, checked against the question that produced it.

Every requested post id, metric and grouping is accounted for (in the data, in an error, in an
unavailable list, or listed as missing), and what the server sent that nobody asked for is kept.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import msgspec
from msgspec import UNSET, field

from x_engagement import _spec, models, table
from x_engagement._grouping import ID_LEVEL, TYPE_LEVEL

if TYPE_CHECKING:
    import os

    import pandas  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import polars  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import pyarrow  # type: ignore[import-not-found,import-untyped,unused-ignore]

GroupingTree = dict[str, Any]
Number = int | float
INT64_MAX = 2**63 - 1  # what an int64 column (Arrow, pandas, polars, SQL BIGINT) holds


class InvalidCount(NamedTuple):
    """A count no count can be: negative, fractional, or beyond 64-bit integers. `path` is its
    JSON path in the body (as in `extra`), `value` what was sent, `reason` which of the three."""

    path: str
    value: Number
    reason: str


def invalid_reason(value: Number) -> str | None:
    """Why `value` is not a count (None when it is one)."""
    if value < 0:
        return "negative"
    if isinstance(value, float) and not value.is_integer():
        return "fractional"
    if value > INT64_MAX:
        return "beyond 64-bit integers"
    return None


class UnexpectedDataWarning(UserWarning):
    """A response carried fields or keys nobody asked for; they are kept in `result.extra`."""


class Requested(msgspec.Struct, frozen=True):
    """What a call asked for: the yardstick its result is accounted against."""

    tweet_ids: tuple[str, ...] = ()
    # v2 `requested_metrics`, or the Enterprise `engagement_types`
    metrics: tuple[str, ...] = ()
    # Enterprise grouping names
    groupings: tuple[str, ...] = ()
    # v2 `engagement.fields` as sent; None when the parameter was left out (X sends both then)
    fields: tuple[str, ...] | None = None
    # v2 `granularity` as sent (Hourly, Daily, Weekly, Total): the size of each time-series bucket
    granularity: str | None = None

    def expects(self, field_name: str) -> bool:
        return self.fields is None or field_name in self.fields


class RateLimit(msgspec.Struct, frozen=True):
    """The rate-limit headers of a response (v2 `x-rate-limit-*`, Enterprise `x-per-minute-*`).

    `raw` keeps the headers as sent, so a value too odd to parse is still there to inspect.
    """

    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None
    raw: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit:
        """Never raises: a malformed informational header must not cost a good result."""
        raw = {name: headers[name] for name in _RATE_LIMIT_HEADERS if name in headers}

        def number(*names: str) -> int | None:
            for name in names:
                value = raw.get(name, "").strip()
                if value.isascii() and value.isdigit():  # `²` is a digit to isdigit(), not to int()
                    return int(value)
            return None

        reset = number(*_spec.RATE_LIMIT_RESET_HEADERS)
        return cls(
            limit=number(*_spec.RATE_LIMIT_LIMIT_HEADERS),
            remaining=number(*_spec.RATE_LIMIT_REMAINING_HEADERS),
            reset_at=_timestamp(reset),
            raw=raw,
        )


_RATE_LIMIT_HEADERS = _spec.RATE_LIMIT_HEADERS


def _timestamp(seconds: float | None) -> datetime | None:
    """A Unix time as a datetime, or None when it is beyond what datetime can hold."""
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return None


class MetricPoint(NamedTuple):
    tweet_id: str
    timestamp: datetime
    metric: str
    value: Number


def _summarise(ids: list[str], shown: int = 5) -> str:
    """A few ids and how many more, never hundreds on one line."""
    head = ", ".join(ids[:shown])
    return head if len(ids) <= shown else f"{head} and {len(ids) - shown} more"


def count(value: float) -> Number:
    """v2 sends counts as JSON numbers; integral ones come back as int (23, not 23.0)."""
    return int(value) if value.is_integer() else value


def utc(moment: datetime) -> datetime:
    """X's timestamps are UTC; one without an offset is read as UTC rather than as local time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class TableMethods:
    """The one-table exports of a result, all built on its `to_rows()` (see x_engagement.table)."""

    __slots__ = ()

    def to_rows(self) -> list[table.Row]:
        raise NotImplementedError

    def to_records(self) -> list[dict[str, object]]:
        return table.to_records(self.to_rows())

    def write_csv(self, dest: str | os.PathLike[str] | IO[str]) -> int:
        return table.write_csv(self.to_rows(), dest)

    def write_jsonl(self, dest: str | os.PathLike[str] | IO[str]) -> int:
        return table.write_jsonl(self.to_rows(), dest)

    def to_arrow(self) -> pyarrow.Table:
        return table.to_arrow(self.to_rows())

    def write_parquet(self, dest: str | os.PathLike[str] | IO[bytes]) -> int:
        return table.write_arrow_parquet(self.to_arrow(), dest)

    def to_pandas(self) -> pandas.DataFrame:
        return table.to_pandas(self.to_rows())

    def to_polars(self) -> polars.DataFrame:
        """Through `to_arrow()` when pyarrow is there (five times faster), else from the rows."""
        import polars as pl  # type: ignore[import-not-found,import-untyped,unused-ignore]

        try:
            arrow = self.to_arrow()
        except ImportError:  # the `polars` extra alone
            return table.to_polars(self.to_rows())
        frame = pl.from_arrow(arrow)
        assert isinstance(frame, pl.DataFrame)  # a Table gives a DataFrame (a Series: an Array)
        return frame


def combine_messages(messages: Iterable[str]) -> list[str]:
    """Each distinct message once, in first-seen order; a repeated one says how often it came.

    A batch merges one answer per chunk, and each chunk may say the same thing ("Tweet ID(s) are
    unavailable"): thirty copies of a sentence hide the one line that differs.
    """
    counts = Counter(messages)
    return [text if n == 1 else f"{text} (x{n})" for text, n in counts.items()]


class _InsightsAccount(msgspec.Struct, frozen=True):
    metrics_by_tweet: dict[str, set[str]]
    errored_tweet_ids: frozenset[str]


class InsightsResult(msgspec.Struct, TableMethods, frozen=True, dict=True):
    """A v2 insights response, accounted against its request.

    `complete` is False when a top-level or per-post error came back, or when a requested post
    or metric is missing; `extra` holds what the body carried that the spec does not know.
    """

    response: _spec.INSIGHTS_RESPONSE
    rate_limit: RateLimit = field(default_factory=RateLimit)
    requested: Requested = field(default_factory=Requested)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> list[models.Engagement]:
        return [] if self.response.data is UNSET else self.response.data

    @property
    def errors(self) -> list[_spec.PROBLEM]:
        return [] if self.response.errors is UNSET else self.response.errors

    @property
    def tweet_errors(self) -> list[models.EngagementError]:
        return [e for item in self.data if item.errors is not UNSET for e in item.errors]

    @property
    def error_messages(self) -> list[str]:
        """Every top-level problem and per-post error as one line (repeats combined)."""
        lines = []
        for problem in self.errors:
            detail = "" if problem.detail is UNSET else f": {problem.detail}"
            lines.append(f"{problem.title}{detail}")
        for error in self.tweet_errors:
            ids = [] if error.tweets is UNSET else error.tweets
            text = "error" if error.error is UNSET else error.error
            lines.append(f"{text} ({_summarise(ids)})" if ids else text)
        return combine_messages(lines)

    @functools.cached_property
    def _account(self) -> _InsightsAccount:
        metrics: dict[str, set[str]] = {}
        for item in self.data:
            if item.measurement is UNSET:
                continue
            for entry in item.measurement.metrics_total or ():
                if entry.tweet_id is not UNSET and entry.value is not UNSET:
                    names = metrics.setdefault(entry.tweet_id, set())
                    names.update(m.metric_type for m in entry.value if m.metric_type is not UNSET)
            for point in item.measurement.metrics_time_series or ():
                if point.tweet_id is UNSET or point.value is UNSET:
                    continue
                names = metrics.setdefault(point.tweet_id, set())
                values = point.value.metric_values
                names.update(m.metric_type for m in values or () if m.metric_type is not UNSET)
        errored = {t for error in self.tweet_errors for t in error.tweets or ()}
        for problem in self.errors:
            errored.update(v for v in (problem.resource_id, problem.value) if isinstance(v, str))
        return _InsightsAccount(metrics, frozenset(errored))

    @property
    def missing_tweet_ids(self) -> list[str]:
        """Requested posts that appear neither in the data nor in an error."""
        if not self.requested.expects("measurement"):
            return []
        account = self._account
        return [
            t
            for t in self.requested.tweet_ids
            if t not in account.metrics_by_tweet and t not in account.errored_tweet_ids
        ]

    @property
    def missing_metrics(self) -> dict[str, list[str]]:
        """For each returned post, the requested metrics it came back without."""
        missing = {}
        for tweet_id, names in self._account.metrics_by_tweet.items():
            absent = [m for m in self.requested.metrics if m not in names]
            if absent:
                missing[tweet_id] = absent
        return missing

    @property
    def unrequested_metrics(self) -> list[str]:
        """Metric names in the data that were not asked for (X may add new ones); kept in the data."""
        if not self.requested.metrics:
            return []
        seen = set().union(*self._account.metrics_by_tweet.values())
        return sorted(seen.difference(self.requested.metrics))

    @functools.cached_property
    def invalid_counts(self) -> list[InvalidCount]:
        """Every metric value that is negative, fractional or beyond 64-bit integers.

        They stay in the data as sent (`to_rows()` rounds a fractional one), and the result is
        not `complete`.
        """
        found: list[InvalidCount] = []

        def check(path: str, values: Any) -> None:
            for k, metric in enumerate(values if isinstance(values, list) else ()):
                number = metric.metric_value
                why = None if number is UNSET else invalid_reason(number)
                if why is not None:
                    found.append(InvalidCount(f"{path}[{k}].metric_value", count(number), why))

        for i, item in enumerate(self.data):
            if item.measurement is UNSET:
                continue
            at = f"$.data[{i}].measurement"
            for j, entry in enumerate(item.measurement.metrics_total or ()):
                check(f"{at}.metrics_total[{j}].value", entry.value)
            for j, point in enumerate(item.measurement.metrics_time_series or ()):
                if point.value is not UNSET:
                    path = f"{at}.metrics_time_series[{j}].value.metric_values"
                    check(path, point.value.metric_values)
        return found

    @property
    def complete(self) -> bool:
        return not (
            self.errors
            or self.tweet_errors
            or self.missing_tweet_ids
            or self.missing_metrics
            or self.invalid_counts
        )

    def totals(self) -> dict[str, dict[str, Number]]:
        """`metrics_total` as {tweet_id: {metric: value}}."""
        out: dict[str, dict[str, Number]] = {}
        for item in self.data:
            if item.measurement is UNSET or item.measurement.metrics_total is UNSET:
                continue
            for entry in item.measurement.metrics_total:
                if entry.tweet_id is UNSET or entry.value is UNSET:
                    continue
                metrics = out.setdefault(entry.tweet_id, {})
                for metric in entry.value:
                    if metric.metric_type is not UNSET and metric.metric_value is not UNSET:
                        metrics[metric.metric_type] = count(metric.metric_value)
        return out

    def to_rows(self) -> list[table.Row]:
        """Time-series points (bucket: the requested granularity), then the window totals."""
        return table.insights_rows(self.data, self.requested.granularity)

    def to_arrow(self) -> pyarrow.Table:
        """The rows as an Arrow table, built column by column (extra `arrow`)."""
        from x_engagement._columnar import insights_arrow

        return insights_arrow(self.data, self.requested.granularity)

    def time_series(self) -> Iterator[MetricPoint]:
        """`metrics_time_series` flattened to (tweet_id, timestamp, metric, value) points."""
        for item in self.data:
            if item.measurement is UNSET or item.measurement.metrics_time_series is UNSET:
                continue
            for entry in item.measurement.metrics_time_series:
                value = entry.value
                if entry.tweet_id is UNSET or value is UNSET or value.metric_values is UNSET:
                    continue
                stamp = value.timestamp
                if stamp is UNSET or stamp.iso8601_time is UNSET:
                    continue
                when = utc(stamp.iso8601_time)
                for metric in value.metric_values:
                    if metric.metric_type is not UNSET and metric.metric_value is not UNSET:
                        yield MetricPoint(
                            entry.tweet_id, when, metric.metric_type, count(metric.metric_value)
                        )


class _EngagementAccount(msgspec.Struct, frozen=True):
    tweet_ids: frozenset[str]
    types: frozenset[str]
    by_tweet: bool


def _keys_at(tree: Any, depth: int) -> Iterator[str]:
    if not isinstance(tree, dict):
        return
    if depth == 0:
        yield from tree
        return
    for child in tree.values():
        yield from _keys_at(child, depth - 1)


class EngagementResult(msgspec.Struct, TableMethods, frozen=True, dict=True):
    """An Enterprise response: one nested tree per requested grouping, accounted against the request.

    Each tree nests in its grouping's `group_by` order (an hour level always sits under a day);
    leaves are counts as ints (the API sends decimal strings, sometimes integers). Keys the
    response carried beyond the requested groupings and the known fields are in `extra`.
    """

    groupings: dict[str, GroupingTree]
    group_by: dict[str, tuple[str, ...]]
    start: datetime | None = None
    end: datetime | None = None
    unavailable_tweet_ids: list[str] = field(default_factory=list)
    unsupported_for_video_views_tweet_ids: list[str] = field(default_factory=list)
    unsupported_for_impressions_engagements_tweet_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rate_limit: RateLimit = field(default_factory=RateLimit)
    requested: Requested = field(default_factory=Requested)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def error_messages(self) -> list[str]:
        """The body's `errors` (repeats, as from several batch chunks, combined)."""
        return combine_messages(self.errors)

    @property
    def listed_tweet_ids(self) -> set[str]:
        """Posts the response explains in a list: unavailable or unsupported for some types."""
        return {
            *self.unavailable_tweet_ids,
            *self.unsupported_for_video_views_tweet_ids,
            *self.unsupported_for_impressions_engagements_tweet_ids,
        }

    @functools.cached_property
    def _account(self) -> _EngagementAccount:
        tweet_ids: set[str] = set()
        types: set[str] = set()
        by_tweet = False
        for name, tree in self.groupings.items():
            levels = self.group_by.get(name, ())
            if ID_LEVEL in levels:
                by_tweet = True
                tweet_ids.update(_keys_at(tree, levels.index(ID_LEVEL)))
            if TYPE_LEVEL in levels:
                types.update(_keys_at(tree, levels.index(TYPE_LEVEL)))
        return _EngagementAccount(frozenset(tweet_ids), frozenset(types), by_tweet)

    @property
    def missing_tweet_ids(self) -> list[str]:
        """Requested posts found neither in a grouping keyed by post nor in a list.

        When no grouping nests by `tweet.id`, the data is an aggregate over every post not listed
        as unavailable, so only a missing grouping can make a post go missing.
        """
        listed = self.listed_tweet_ids
        if not self._account.by_tweet:
            if self.missing_groupings:
                return [t for t in self.requested.tweet_ids if t not in listed]
            return []
        seen = self._account.tweet_ids
        return [t for t in self.requested.tweet_ids if t not in seen and t not in listed]

    @property
    def missing_groupings(self) -> list[str]:
        """Requested groupings absent from the response, unless every post is explained by a list."""
        absent = [name for name in self.requested.groupings if name not in self.groupings]
        if (
            absent
            and self.requested.tweet_ids
            and set(self.requested.tweet_ids) <= self.listed_tweet_ids
        ):
            return []
        return absent

    @property
    def unrequested_types(self) -> list[str]:
        """Engagement types in the trees that were not asked for; kept in the trees."""
        if not self.requested.metrics:
            return []
        return sorted(self._account.types.difference(self.requested.metrics))

    @functools.cached_property
    def invalid_counts(self) -> list[InvalidCount]:
        """Every leaf beyond 64-bit integers (the decoder already refuses a negative or a
        fractional one: the spec's Count is a non-negative integer). They stay in the trees and
        rows as sent, and the result is not `complete`."""
        found: list[InvalidCount] = []

        def walk(node: Any, path: str) -> None:
            if isinstance(node, dict):
                for key, child in node.items():
                    walk(child, f"{path}[{msgspec.json.encode(key).decode()}]")
            elif isinstance(node, int) and node > INT64_MAX:
                found.append(InvalidCount(path, node, "beyond 64-bit integers"))

        for name, tree in self.groupings.items():
            walk(tree, f"$[{msgspec.json.encode(name).decode()}]")
        return found

    @property
    def complete(self) -> bool:
        return not (
            self.invalid_counts
            or self.errors
            or self.unavailable_tweet_ids
            or self.unsupported_for_video_views_tweet_ids
            or self.unsupported_for_impressions_engagements_tweet_ids
            or self.missing_groupings
            or self.missing_tweet_ids
        )

    def to_rows(self, *groupings: str) -> list[table.Row]:
        """Leaves of the groupings (all by default) keyed by engagement.type, as table rows."""
        return table.engagement_rows(self.groupings, self.group_by, groupings)

    def to_arrow(self) -> pyarrow.Table:
        """The rows as an Arrow table, built column by column (extra `arrow`)."""
        from x_engagement._columnar import engagement_arrow

        return engagement_arrow(self.groupings, self.group_by)

    def rows(self, grouping: str) -> Iterator[tuple[tuple[str, ...], int]]:
        """Every leaf of `grouping` as (keys along the path, count as int)."""
        if grouping not in self.group_by:
            known = ", ".join(repr(name) for name in self.group_by) or "none"
            raise KeyError(f"no grouping {grouping!r} was requested; requested: {known}")

        def walk(node: Any, keys: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], int]]:
            if isinstance(node, dict):
                for key, child in node.items():
                    yield from walk(child, (*keys, key))
            else:
                yield keys, node

        yield from walk(self.groupings.get(grouping, {}), ())


# The field naming the item of each analytics variant: a post's `id`, a media item's `media_key`.
ANALYTICS_KEY = {"analytics": "id", "media": "media_key"}
_STRUCTURAL = frozenset({"id", "media_key", "timestamp", "timestamped_metrics"})


class CounterNote(NamedTuple):
    """A counter that is not a number: null (X has no value; not a zero) or a string (media)."""

    key: str  # post id or media key
    bucket: str | None  # the bucket's `timestamp` as sent; None for the flat counter
    field: str
    value: str | None


class _AnalyticsAccount(msgspec.Struct, frozen=True):
    fields_by_key: dict[str, set[str]]
    errored: frozenset[str]
    nulls: tuple[CounterNote, ...]
    strings: tuple[CounterNote, ...]


def _counters(node: Any) -> Iterator[tuple[str, Any]]:
    """(field, value) of every counter a Struct carries (UNSET, i.e. absent, ones left out)."""
    for name in node.__struct_fields__:
        value = getattr(node, name)
        if value is not UNSET and name not in _STRUCTURAL:
            yield name, value


class AnalyticsResult(msgspec.Struct, TableMethods, frozen=True, dict=True):
    """A post analytics (`variant` "analytics") or media analytics ("media") response, accounted.

    Every requested id (post id or media key) is in `data`, named by a problem's `resource_id`
    or `value`, or in `missing_ids`. Counters keep what X sent: absent stays absent, null stays
    None (never 0, listed in `null_counters`), a media counter sent as a string stays a string
    (listed in `string_counters`, never coerced). `complete` is False on any problem, missing id
    or missing requested field; `extra` holds what the spec does not know.
    """

    response: Any  # the operation's generated response model (PostsAnalyticsResponse, ...)
    variant: str
    rate_limit: RateLimit = field(default_factory=RateLimit)
    requested: Requested = field(default_factory=Requested)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key_field(self) -> str:
        return ANALYTICS_KEY[self.variant]

    @property
    def data(self) -> list[Any]:
        return [] if self.response.data is UNSET else list(self.response.data)

    @property
    def errors(self) -> list[_spec.PROBLEM]:
        return [] if self.response.errors is UNSET else list(self.response.errors)

    @property
    def error_messages(self) -> list[str]:
        lines = []
        for problem in self.errors:
            detail = "" if problem.detail is UNSET else f": {problem.detail}"
            lines.append(f"{problem.title}{detail}")
        return combine_messages(lines)

    @functools.cached_property
    def _account(self) -> _AnalyticsAccount:
        fields: dict[str, set[str]] = {}
        nulls: list[CounterNote] = []
        strings: list[CounterNote] = []
        for item in self.data:
            key = getattr(item, self.key_field)
            if not isinstance(key, str):
                continue
            seen = fields.setdefault(key, set())
            nodes: list[tuple[str | None, Any]] = [(None, item)]
            for bucket in item.timestamped_metrics or ():
                if bucket.metrics is not UNSET and bucket.metrics is not None:
                    stamp = bucket.timestamp if isinstance(bucket.timestamp, str) else None
                    nodes.append((stamp, bucket.metrics))
            for stamp, node in nodes:
                for name, value in _counters(node):
                    seen.add(name)
                    if value is None:
                        nulls.append(CounterNote(key, stamp, name, None))
                    elif isinstance(value, str):
                        strings.append(CounterNote(key, stamp, name, value))
        errored = {v for p in self.errors for v in (p.resource_id, p.value) if isinstance(v, str)}
        return _AnalyticsAccount(fields, frozenset(errored), tuple(nulls), tuple(strings))

    @property
    def missing_ids(self) -> list[str]:
        """Requested ids found neither in the data nor in a problem."""
        account = self._account
        return [
            i
            for i in self.requested.tweet_ids
            if i not in account.fields_by_key and i not in account.errored
        ]

    @property
    def missing_tweet_ids(self) -> list[str]:
        """`missing_ids`, by the name the other results use."""
        return self.missing_ids

    @property
    def missing_metrics(self) -> dict[str, list[str]]:
        """For each returned item, the counters asked for (`*.fields`) that it came back without."""
        asked = [m for m in self.requested.metrics if m not in _STRUCTURAL]
        missing = {}
        for key, names in self._account.fields_by_key.items():
            absent = [m for m in asked if m not in names]
            if absent:
                missing[key] = absent
        return missing

    @property
    def null_counters(self) -> list[CounterNote]:
        return list(self._account.nulls)

    @property
    def string_counters(self) -> list[CounterNote]:
        return list(self._account.strings)

    @property
    def complete(self) -> bool:
        return not (self.errors or self.missing_ids or self.missing_metrics)

    def to_rows(self) -> list[table.Row]:
        """Integer counters as rows (null and string counters have none; see their lists)."""
        return table.analytics_rows(
            self.data, self.key_field, self.variant, self.requested.granularity
        )
