"""One table for both APIs: a v2 or Enterprise result as rows of one typed, immutable shape.

Every row is one count: post, canonical metric (the spec's crosswalk), the name the variant used,
the bucket (start/end as UTC datetimes, or None for a total) and the value as an int. The same
columns and dtypes leave every export: records, CSV, JSON Lines (stdlib only) and, with the extras
`arrow`, `pandas` and `polars`, an Arrow table, Parquet, a pandas or a polars DataFrame. Those
libraries are imported by the function that needs them, never by `import x_engagement`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import compress, repeat
from operator import attrgetter
from typing import IO, TYPE_CHECKING, Any, Final

import msgspec

from x_engagement import _leaves, _spec
from x_engagement._grouping import ID_LEVEL, ROLES, TYPE_LEVEL
from x_engagement._operations import OPERATIONS

if TYPE_CHECKING:  # the extras are optional; only their types are needed here
    import pandas  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import polars  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import pyarrow  # type: ignore[import-not-found,import-untyped,unused-ignore]

__all__ = [
    "ALL_POSTS",
    "COLUMNS",
    "GRANULARITIES",
    "Row",
    "canonical_metric",
    "from_records",
    "read_csv",
    "read_jsonl",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "to_records",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]


class Row(msgspec.Struct, frozen=True, gc=False):
    """One count of one metric of one post in one bucket (or over the whole window)."""

    post_id: str  # the post id; for media analytics, the media key
    metric: str  # canonical, snake_case, from the spec's crosswalk: "likes"
    source_metric: str  # as the variant calls it: v2 "Likes", Enterprise "favorites"
    variant: str  # "v2" | "enterprise" | "analytics" | "media"
    start: datetime | None  # bucket start, UTC; None for a total over the window
    end: datetime | None  # bucket end (exclusive); None for a total
    granularity: str  # "hour" | "day" | "week" | "total"
    value: int


COLUMNS: Final[tuple[str, ...]] = Row.__struct_fields__
# post_id of an Enterprise grouping without a tweet.id level: a count over all the posts asked for
ALL_POSTS: Final = "*"
GRANULARITIES: Final = ("hour", "day", "week", "total")
BUCKET: Final[dict[str, timedelta]] = {
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
# A v2 granularity value -> the bucket it counts, from the spec's x-buckets (Hourly -> hour).
V2_GRANULARITY: Final[dict[str, str]] = {
    value: bucket
    for operation in OPERATIONS
    if operation.variant == "v2"
    for value, bucket in operation.buckets.items()
}


# A post or media analytics granularity value -> the bucket it counts (x-buckets: hourly -> hour).
ANALYTICS_GRANULARITY: Final[dict[str, str]] = {
    value: bucket
    for operation in OPERATIONS
    if operation.variant in ("analytics", "media")
    for value, bucket in operation.buckets.items()
}
VARIANTS: Final = ("v2", "enterprise", "analytics", "media")


def _reverse(variant: str) -> dict[str, str]:
    if variant == "enterprise":
        return {t: canonical for canonical, types in _spec.METRIC_ENTERPRISE.items() for t in types}
    single = {
        "v2": _spec.METRIC_V2,
        "analytics": _spec.METRIC_ANALYTICS,
        "media": _spec.METRIC_MEDIA,
    }
    return {name: canonical for canonical, name in single[variant].items() if name is not None}


_CANONICAL: Final[dict[str, dict[str, str]]] = {v: _reverse(v) for v in VARIANTS}
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")


def canonical_metric(variant: str, source_metric: str) -> str:
    """The crosswalk's name for `source_metric` of `variant` ("v2", "Likes" -> "likes").

    A name the spec does not know (X may add metrics) keeps its words in snake_case, so the
    row is still written: v2 "NewThing" -> "new_thing", Enterprise "new_thing" unchanged.
    """
    if variant not in _CANONICAL:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    known = _CANONICAL[variant].get(source_metric)
    if known is not None:
        return known
    return _WORD_BREAK.sub("_", source_metric).lower()


# -- conversions --------------------------------------------------------------------------------


def to_records(rows: Iterable[Row]) -> list[dict[str, object]]:
    """Plain dicts keyed by COLUMNS; datetimes stay datetimes (UTC), totals have None."""
    return [dict(zip(COLUMNS, msgspec.structs.astuple(row), strict=True)) for row in rows]


def from_records(records: Iterable[dict[str, Any]]) -> list[Row]:
    """Rows from dicts as `to_records` makes them, or as read from CSV/JSON (strings are parsed)."""
    return msgspec.convert(list(records), list[Row], strict=False)


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _open(dest: str | os.PathLike[str] | IO[str], mode: str) -> tuple[IO[str], bool]:
    if isinstance(dest, (str, os.PathLike)):
        return open(dest, mode, encoding="utf-8", newline=""), True  # noqa: SIM115
    return dest, False


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading `'` before a formula start, and before a
    leading `'` of its own (so `read_csv` restores every value exactly)."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def _from_csv_text(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def csv_cells(r: Row) -> tuple[object, ...]:
    """One row's CSV cells, in COLUMNS order (times as `...Z`, None as empty, text neutralised)."""
    return (
        csv_text(r.post_id),
        csv_text(r.metric),
        csv_text(r.source_metric),
        csv_text(r.variant),
        _iso(r.start),
        _iso(r.end),
        csv_text(r.granularity),
        r.value,
    )


def write_csv(rows: Iterable[Row], dest: str | os.PathLike[str] | IO[str]) -> int:
    """A header of COLUMNS, then one line per row; times as `2026-11-22T14:00:00Z`, None as empty.

    The text columns (post_id, metric, source_metric, variant, granularity) go through `csv_text`:
    a server-chosen `=HYPERLINK(...)` arrives as `'=HYPERLINK(...)`. `value` is an int column and is
    never touched (-1 stays -1); JSON Lines and Parquet keep every value exactly as it came.
    """
    stream, owned = _open(dest, "w")
    try:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        written = 0
        for r in rows:
            writer.writerow(csv_cells(r))
            written += 1
        return written
    finally:
        if owned:
            stream.close()


_ENCODER = msgspec.json.Encoder()


def write_jsonl(rows: Iterable[Row], dest: str | os.PathLike[str] | IO[str]) -> int:
    """One JSON object per line with the COLUMNS as keys; times as RFC 3339 `...Z`, None as null."""
    batch = rows if isinstance(rows, list) else list(rows)
    stream, owned = _open(dest, "w")
    try:
        stream.write(_ENCODER.encode_lines(batch).decode())
        return len(batch)
    finally:
        if owned:
            stream.close()


def _read(src: str | os.PathLike[str] | IO[str]) -> str:
    if isinstance(src, (str, os.PathLike)):
        with open(src, encoding="utf-8", newline="") as stream:
            return stream.read()
    return src.read()


def read_csv(src: str | os.PathLike[str] | IO[str]) -> list[Row]:
    """Rows back from `write_csv` output (empty times are None)."""
    reader = csv.DictReader(io.StringIO(_read(src), newline=""))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"expected the columns {list(COLUMNS)}, got {reader.fieldnames}")
    text = ("post_id", "metric", "source_metric", "variant", "granularity")
    records = [
        {**rec, **{k: _from_csv_text(rec[k]) for k in text}, "start": rec["start"] or None,
         "end": rec["end"] or None}
        for rec in reader
    ]  # fmt: skip
    return from_records(records)


def read_jsonl(src: str | os.PathLike[str] | IO[str]) -> list[Row]:
    """Rows back from `write_jsonl` output."""
    text = _read(src)
    return [msgspec.json.decode(line, type=Row) for line in text.splitlines() if line.strip()]


def _columns(rows: Iterable[Row]) -> dict[str, list[Any]]:
    """Column lists, one attribute pass per column (far cheaper than transposing tuples)."""
    batch = rows if isinstance(rows, list) else list(rows)
    return {name: list(map(attrgetter(name), batch)) for name in COLUMNS}


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moments: list[datetime | None]) -> list[int | None]:
    """Microseconds since the epoch. Rows share their bucket datetimes, so each object is
    converted once, found by identity (hashing an aware datetime calls utcoffset() every time;
    `moments` keeps every object alive, so no id is reused meanwhile)."""
    ids = list(map(id, moments))
    micros: dict[int, int | None] = {}
    for key, moment in dict(zip(ids, moments, strict=True)).items():
        if moment is None:
            micros[key] = None
        else:
            delta = moment - _EPOCH
            micros[key] = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return list(map(micros.__getitem__, ids))


def arrow_schema() -> pyarrow.Schema:
    """The Arrow schema of the table: strings, timestamp[us, UTC] (null for totals), int64."""
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]

    stamp = pa.timestamp("us", tz="UTC")
    types = [pa.string()] * 4 + [stamp, stamp, pa.string(), pa.int64()]
    return pa.schema(
        [
            pa.field(n, t, nullable=n in ("start", "end"))
            for n, t in zip(COLUMNS, types, strict=True)
        ]
    )


def to_arrow(rows: Iterable[Row]) -> pyarrow.Table:
    """A pyarrow Table with `arrow_schema()` (extra `arrow`)."""
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]

    schema = arrow_schema()
    columns = _columns(rows)
    arrays = [
        # times as int64 microseconds cast to the timestamp type: building a timestamp[tz] array
        # from Python objects takes a slow path per element
        pa.array(_micros(columns[f.name]), type=pa.int64()).cast(f.type)
        if pa.types.is_timestamp(f.type)
        else pa.array(columns[f.name], type=f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(rows: Iterable[Row], dest: str | os.PathLike[str] | IO[bytes]) -> int:
    """A Parquet file of `to_arrow(rows)` (extra `arrow`); returns the rows written."""
    return write_arrow_parquet(to_arrow(rows), dest)


def write_arrow_parquet(table: pyarrow.Table, dest: str | os.PathLike[str] | IO[bytes]) -> int:
    """A Parquet file of an Arrow table of rows; returns the rows written."""
    import pyarrow.parquet as pq  # type: ignore[import-not-found,import-untyped,unused-ignore]

    pq.write_table(table, dest)
    return int(table.num_rows)


def to_pandas(rows: Iterable[Row]) -> pandas.DataFrame:
    """A pandas DataFrame (extra `pandas`): pandas' `str` strings, datetime64[us, UTC], int64."""
    import pandas as pd  # type: ignore[import-not-found,import-untyped,unused-ignore]

    columns = _columns(rows)
    stamp = pd.DatetimeTZDtype("us", "UTC")
    data: dict[str, Any] = {name: pd.Series(columns[name], dtype="str") for name in COLUMNS}
    for name in ("start", "end"):
        data[name] = pd.Series(columns[name], dtype=stamp)
    data["value"] = pd.Series(columns["value"], dtype="int64")
    return pd.DataFrame(data, columns=list(COLUMNS))


def to_polars(rows: Iterable[Row]) -> polars.DataFrame:
    """A polars DataFrame (extra `polars`): Utf8 strings, Datetime("us", "UTC"), Int64."""
    import polars as pl  # type: ignore[import-not-found,import-untyped,unused-ignore]

    stamp = pl.Datetime("us", "UTC")
    schema: dict[str, Any] = {name: pl.Utf8 for name in COLUMNS}
    schema |= {"start": stamp, "end": stamp, "value": pl.Int64}
    return pl.DataFrame(_columns(rows), schema=schema)


# -- rows of the two result shapes ---------------------------------------------------------------
# Called by InsightsResult.to_rows / EngagementResult.to_rows (x_engagement._results).

# The Enterprise grouping levels, from the spec's x-grouping: posts, types, and the hour level with
# the day level it always nests under (x-grouping `implied`; none when the spec has no hours).
POST, TYPE = ID_LEVEL, TYPE_LEVEL
HOUR, DAY = ROLES.get("hour", ""), ROLES.get("day", "")  # the levels with those x-grouping roles


def insights_rows(data: Sequence[Any], granularity: str | None) -> list[Row]:
    """v2: a row per time-series point (bucket = the requested granularity, an hour when unknown)
    then a "total" row per `metrics_total` entry (the sum over the window asked for)."""
    grain = V2_GRANULARITY.get(granularity or "", "hour")
    step = BUCKET.get(grain, BUCKET["hour"])
    names = _CANONICAL["v2"]
    out: list[Row] = []
    append = out.append
    points = list(v2_points(data))
    following = next_starts(points)
    for post, start, values in points:
        end = bucket_end(start, grain, step, following.get((post, start)))
        for m in values:
            name, number = m.metric_type, m.metric_value
            if isinstance(name, str) and _is_count(number):
                metric = names.get(name) or canonical_metric("v2", name)
                append(Row(post, metric, name, "v2", start, end, grain, _int(number)))
    for post, values in v2_totals(data):
        for m in values:
            name, number = m.metric_type, m.metric_value
            if isinstance(name, str) and _is_count(number):
                metric = names.get(name) or canonical_metric("v2", name)
                append(Row(post, metric, name, "v2", None, None, "total", _int(number)))
    return out


def next_starts(
    points: Sequence[tuple[str, datetime, Sequence[Any]]],
) -> dict[tuple[str, datetime], datetime]:
    """{(post, start): the start of that post's next point}."""
    starts: dict[str, set[datetime]] = {}
    for post, start, _ in points:
        starts.setdefault(post, set()).add(start)
    following: dict[tuple[str, datetime], datetime] = {}
    for post, moments in starts.items():
        ordered = sorted(moments)
        following.update(((post, a), b) for a, b in zip(ordered, ordered[1:], strict=False))
    return following


def bucket_end(
    start: datetime, grain: str, step: timedelta, following: datetime | None
) -> datetime:
    """Where the bucket X counted ends: the next whole hour or UTC midnight (X's first bucket
    starts where the window does, 09:00, and runs to the boundary, not 24 hours), never past the
    next point of the same post (so buckets of one granularity never overlap)."""
    if grain == "hour":
        end = start.replace(minute=0, second=0, microsecond=0) + step
    elif grain == "day":
        end = datetime.combine(start.astimezone(UTC).date(), datetime.min.time(), UTC) + step
    else:
        end = start + step
    return end if following is None or following >= end else following


def v2_points(data: Sequence[Any]) -> Iterator[tuple[str, datetime, Sequence[Any]]]:
    """(post, bucket start in UTC, metric values) of each usable time-series point."""
    for item in data:
        measurement = getattr(item, "measurement", None)
        series = getattr(measurement, "metrics_time_series", None)
        for entry in series if isinstance(series, list) else ():
            value = entry.value
            post = entry.tweet_id
            stamp = getattr(getattr(value, "timestamp", None), "iso8601_time", None)
            values = getattr(value, "metric_values", None)
            if isinstance(post, str) and isinstance(stamp, datetime) and values:
                yield post, stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC), values


def v2_totals(data: Sequence[Any]) -> Iterator[tuple[str, Sequence[Any]]]:
    """(post, metric values) of each usable `metrics_total` entry."""
    for item in data:
        measurement = getattr(item, "measurement", None)
        totals = getattr(measurement, "metrics_total", None)
        for entry in totals if isinstance(totals, list) else ():
            post, values = entry.tweet_id, entry.value
            if isinstance(post, str) and isinstance(values, list):
                yield post, values


def _is_count(number: object) -> bool:
    """An int, or a finite float (1e999 decodes to inf, which no int can hold: no row)."""
    return type(number) is int or (type(number) is float and math.isfinite(number))


def _int(number: float) -> int:
    """Counts are whole; a fractional one (never seen) is rounded rather than dropped."""
    return number if type(number) is int else round(number)


def engagement_rows(
    groupings: dict[str, Any], group_by: dict[str, tuple[str, ...]], names: Sequence[str] = ()
) -> list[Row]:
    """Enterprise: every leaf of every grouping (or of `names`) that nests by engagement.type.

    A grouping with engagement.hour gives "hour" rows, with engagement.day but no hour "day"
    rows, with neither "total" rows. Without tweet.id the count is over all posts: post_id is
    ALL_POSTS. A grouping without engagement.type has no metric and gives no rows. When several
    groupings give the same (post, metric, granularity, start), the first one's row is kept.
    """
    chosen = list(names) if names else list(group_by)
    out: list[Row] = []
    seen: set[tuple[str, str, str, datetime | None]] | None = set() if len(chosen) > 1 else None
    for name in chosen:
        if name not in group_by:
            known = ", ".join(repr(n) for n in group_by) or "none"
            raise KeyError(f"no grouping {name!r} was requested; requested: {known}")
        levels = group_by[name]
        if TYPE not in levels:
            continue
        rows = _grouping_rows(groupings.get(name) or {}, levels)
        if seen is None:
            out.extend(rows)
            continue
        for row in rows:
            key = (row.post_id, row.metric, row.granularity, row.start)
            if key not in seen:
                seen.add(key)
                out.append(row)
    return out


def _grouping_rows(tree: dict[str, Any], levels: tuple[str, ...]) -> list[Row]:
    """The leaves of one grouping tree as rows, a column at a time (x_engagement._leaves): a Row
    per count is the only work done per count."""
    if not levels or levels[-1] not in (POST, TYPE, DAY, HOUR):  # leaves of no known level
        return []
    grain = "hour" if HOUR in levels else "day" if DAY in levels else "total"
    found = _leaves.leaves(tree, levels)
    starts, ends = _leaves.bucket_columns(found, span_of(grain), 2)
    kept = None if found.exact else found.kept()
    posts = found.above.get(POST, repeat(ALL_POSTS, len(found.nodes)))
    names = _CANONICAL["enterprise"]

    def metric_of(source: str) -> str:
        return names.get(source) or canonical_metric("enterprise", source)

    if found.last == TYPE:
        source_column: Iterable[str] = list(found.labels())
        counted = source_column if kept is None else compress(source_column, kept)
        metric = {source: metric_of(source) for source in set(counted)}
        metric_column: Iterable[str | None] = map(metric.get, source_column)
    else:
        sources = found.above[TYPE]
        metric = {source: metric_of(source) for source in set(sources)}
        source_column = found.per_row(sources)
        metric_column = found.per_row(map(metric.__getitem__, sources))
    post_column = found.labels() if found.last == POST else found.per_row(posts)
    rows = map(
        Row,
        post_column,
        metric_column,
        source_column,
        repeat("enterprise"),
        starts,
        ends,
        repeat(grain),
        found.values,
    )
    return list(rows if kept is None else compress(rows, kept))


def span_of(grain: str) -> Callable[[str, str], tuple[datetime | None, datetime | None]]:
    """(start, end) of the bucket of a day and hour label ("" for none: no day, a total)."""
    step = BUCKET.get(grain)
    midnights: dict[str, datetime] = {}

    def span(day: str, hour: str) -> tuple[datetime | None, datetime | None]:
        if not day and not hour:
            return None, None
        start = midnights.get(day)
        if start is None:
            midnight = datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC)
            start = midnights[day] = midnight
        if hour:
            start += timedelta(hours=int(hour))
        return start, start + step if step is not None else None

    return span


# -- post and media analytics -------------------------------------------------------------------


def analytics_time(text: object) -> datetime | None:
    """A bucket's `timestamp` (X documents ISO 8601; its schema says only string) as UTC, or None."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def analytics_rows(
    items: Sequence[Any], key_field: str, variant: str, granularity: str | None
) -> list[Row]:
    """Integer counters of analytics items: each bucket of `timestamped_metrics` at the requested
    granularity, then the flat counters as totals over the window.

    A null counter (no value) or a string one (media: X's backend value did not parse) has no row:
    Row.value is an int and neither is one; the result lists them (`null_counters`,
    `string_counters`). With granularity `total` the buckets are the window itself, so they
    become total rows only when the item carries no flat counters.
    """
    size = ANALYTICS_GRANULARITY.get(granularity or "", "total")
    names = _CANONICAL[variant]
    step = BUCKET.get(size)
    out: list[Row] = []
    for item in items:
        key = getattr(item, key_field, None)
        if not isinstance(key, str):
            continue
        flat = [
            (field, value) for field in item.__struct_fields__
            if type(value := getattr(item, field)) is int
        ]  # fmt: skip
        for bucket in getattr(item, "timestamped_metrics", None) or ():
            metrics = getattr(bucket, "metrics", None)
            if not isinstance(metrics, msgspec.Struct):
                continue
            start = analytics_time(getattr(bucket, "timestamp", None))
            if step is None:
                if flat:
                    continue
                start = end = None
                bucket_size = "total"
            elif start is None:
                continue
            else:
                end, bucket_size = start + step, size
            for field in metrics.__struct_fields__:
                value = getattr(metrics, field)
                if type(value) is int:
                    name = names.get(field) or field
                    out.append(Row(key, name, field, variant, start, end, bucket_size, value))
        for field, value in flat:
            out.append(
                Row(key, names.get(field) or field, field, variant, None, None, "total", value)
            )
    return out
