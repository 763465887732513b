"""Arrow tables straight from decoded answers: the table `to_arrow(result.to_rows())` gives,
without one `Row` object per count (extra `arrow`).

An answer repeats most of what a row holds (a v2 point's post and hour for its 26 metrics, an
Enterprise leaf node's post, type and day for its hours), so the answer is walked a node at a
time, each distinct bucket is converted to microseconds once, and what a node's rows share goes
to Arrow once per node. The order and the skipping rules are table.py's;
tests/test_table_columnar.py pins both paths to the same table. Enterprise results whose rows
need de-duplicating (several groupings asked for) take the rows path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import accumulate, compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from x_engagement import _leaves, table
from x_engagement.table import (
    ALL_POSTS,
    BUCKET,
    DAY,
    HOUR,
    POST,
    TYPE,
    V2_GRANULARITY,
    canonical_metric,
)

if TYPE_CHECKING:
    import pyarrow  # type: ignore[import-not-found,import-untyped,unused-ignore]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Micros = int | None


def _micros(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


Cell = Any  # one value for every row of a node, or a list of one value per row


class _Columns:
    """The table's columns, a node of the answer at a time: one tuple of cells and the node's
    counts. A leaf node's post, type, bucket and granularity are the same for all its rows, so a
    column whose cells are all single values becomes runs (a value per node, spread by Arrow's
    `run_end_decode`) and costs one Python value per node instead of one per row."""

    def __init__(self, variant: str) -> None:
        self.variant = variant
        self.nodes: list[tuple[Cell, Cell, Cell, Cell, Cell, Cell]] = []
        self.ends: list[int] = []  # the row after each node's last
        self.value: list[int] = []

    def add(
        self,
        values: list[int],
        post: str | list[str],
        metric: str | list[str],
        source: str | list[str],
        start: Micros | list[Micros],
        end: Micros | list[Micros],
        granularity: str,
    ) -> None:
        if values:
            self.value.extend(values)
            self.ends.append(len(self.value))
            self.nodes.append((post, metric, source, start, end, granularity))

    def column(self, index: int, kind: Any) -> Any:
        import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]
        import pyarrow.compute as pc  # type: ignore[import-not-found,import-untyped,unused-ignore]

        cells = [node[index] for node in self.nodes]
        if not any(isinstance(cell, list) for cell in cells):
            ends = pa.array(self.ends, type=pa.int32())
            runs = pa.RunEndEncodedArray.from_arrays(ends, pa.array(cells, type=kind))
            return pc.run_end_decode(runs)
        flat: list[Any] = []
        previous = 0
        for cell, end in zip(cells, self.ends, strict=True):
            flat.extend(cell if isinstance(cell, list) else [cell] * (end - previous))
            previous = end
        return pa.array(flat, type=kind)

    def to_arrow(self) -> pyarrow.Table:
        import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]

        schema = table.arrow_schema()
        stamp = schema.field("start").type
        text = pa.string()
        arrays = [
            self.column(0, text),
            self.column(1, text),
            self.column(2, text),
            pa.repeat(pa.scalar(self.variant, type=text), len(self.value)),
            self.column(3, pa.int64()).cast(stamp),
            self.column(4, pa.int64()).cast(stamp),
            self.column(5, text),
            pa.array(self.value, type=pa.int64()),
        ]
        return pa.Table.from_arrays(arrays, schema=schema)


def insights_arrow(data: Sequence[Any], granularity: str | None) -> pyarrow.Table:
    """v2: `to_arrow(table.insights_rows(data, granularity))`, a point at a time."""
    grain = V2_GRANULARITY.get(granularity or "", "hour")
    step = BUCKET.get(grain, BUCKET["hour"])
    cols = _Columns("v2")
    points = list(table.v2_points(data))
    following = table.next_starts(points)
    for post, stamp, values in points:
        end = table.bucket_end(stamp, grain, step, following.get((post, stamp)))
        metrics, names, numbers = _metric_values(values)
        cols.add(numbers, post, metrics, names, _micros(stamp), _micros(end), grain)
    for post, values in table.v2_totals(data):
        metrics, names, numbers = _metric_values(values)
        cols.add(numbers, post, metrics, names, None, None, "total")
    return cols.to_arrow()


def _metric_values(values: Sequence[Any]) -> tuple[list[str], list[str], list[int]]:
    """The canonical metric, source name and count of each usable (name, count)."""
    names = list(map(_METRIC_TYPE, values))
    numbers = list(map(_METRIC_VALUE, values))
    kinds = {*map(type, numbers)}
    usable = {*map(type, names)} <= _STR and kinds <= _NUMBER
    if usable and (kinds <= _INT or all(map(math.isfinite, numbers))):
        if not kinds <= _INT:
            numbers = list(map(round, numbers))  # counts sent as JSON floats: table._int's rounding
    else:  # a name missing, a count not a number or not finite: the rows path's filter
        kept = [
            (name, table._int(x))
            for name, x in zip(names, numbers, strict=True)
            if isinstance(name, str) and table._is_count(x)
        ]
        names, numbers = [name for name, _ in kept], [x for _, x in kept]
    known: list[str | None] = list(map(_V2_CANONICAL.get, names))
    if None in known:  # a name the crosswalk does not know: canonical_metric derives one
        metrics = [m or canonical_metric("v2", name) for m, name in zip(known, names, strict=True)]
    else:
        metrics = cast("list[str]", known)
    return metrics, names, numbers


_METRIC_TYPE = attrgetter("metric_type")
_METRIC_VALUE = attrgetter("metric_value")
_V2_CANONICAL = table._CANONICAL["v2"]
_STR = frozenset({str})
_NUMBER = frozenset({int, float})
_INT = frozenset({int})


def engagement_arrow(
    groupings: dict[str, Any], group_by: dict[str, tuple[str, ...]], names: Sequence[str] = ()
) -> pyarrow.Table:
    """Enterprise: `to_arrow(table.engagement_rows(groupings, group_by, names))`."""
    chosen = list(names) if names else list(group_by)
    if len(chosen) != 1 or chosen[0] not in group_by:  # de-duplication, or the rows path's error
        return table.to_arrow(table.engagement_rows(groupings, group_by, names))
    levels = group_by[chosen[0]]
    if TYPE not in levels or levels[-1] not in (POST, TYPE, DAY, HOUR):
        return table.to_arrow([])
    found = _leaves.leaves(groupings.get(chosen[0]) or {}, levels)
    if not found.exact:  # counts to skip: the rows path's filter
        return table.to_arrow(table.engagement_rows(groupings, group_by, names))
    return _leaves_table(found, levels)


def _leaves_table(found: _leaves.Leaves, levels: tuple[str, ...]) -> pyarrow.Table:
    """table._grouping_rows as Arrow columns: a node's post, type and bucket once per node
    (spread by `run_end_decode`), metrics looked up once per type, ends computed from starts."""
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-not-found,import-untyped,unused-ignore]

    grain = "hour" if HOUR in levels else "day" if DAY in levels else "total"
    step = BUCKET.get(grain)
    span = table.span_of(grain)

    def start_micros(day: str, hour: str) -> tuple[Micros]:
        moment, _ = span(day, hour)
        return (None if moment is None else _micros(moment),)

    (starts,) = _leaves.bucket_columns(found, start_micros, 1)  # raises where the rows path does
    if not found.values:
        return table.to_arrow([])
    schema = table.arrow_schema()
    stamp, text, rows = schema.field("start").type, pa.string(), len(found.values)
    counts = found.counts if all(found.counts) else list(filter(None, found.counts))
    run_ends = pa.array(list(accumulate(counts)), type=pa.int32())

    def per_node(cells: Sequence[str]) -> Any:
        if len(cells) != len(counts):  # runs of no rows (empty nodes) are left out
            cells = list(compress(cells, found.counts))
        runs = pa.RunEndEncodedArray.from_arrays(run_ends, pa.array(cells, type=text))
        return pc.run_end_decode(runs)

    def column(level: str, default: str) -> Any:
        if found.last == level:
            return pa.array(list(found.labels()), type=text)
        if level in found.above:
            return per_node(found.above[level])
        return pa.repeat(pa.scalar(default, type=text), rows)

    canonical = table._CANONICAL["enterprise"]
    if found.last == TYPE:
        sources = list(found.labels())
        source = pa.array(sources, type=text)
        distinct = list(dict.fromkeys(sources))
        metrics = [canonical.get(s) or canonical_metric("enterprise", s) for s in distinct]
        found_at = pc.index_in(source, value_set=pa.array(distinct, type=text))
        metric = pa.array(metrics, type=text).take(found_at)
    else:
        types = found.above[TYPE]
        by_type = {s: canonical.get(s) or canonical_metric("enterprise", s) for s in set(types)}
        source, metric = per_node(types), per_node(list(map(by_type.__getitem__, types)))
    if step is None:  # a total: no day or hour level, so no bucket
        start = end = pa.nulls(rows, type=stamp)
    else:
        micros = pa.array(list(starts), type=pa.int64())
        start = micros.cast(stamp)
        end = pc.add(micros, _micros(_EPOCH + step)).cast(stamp)
    arrays = [
        column(POST, ALL_POSTS),
        metric,
        source,
        pa.repeat(pa.scalar("enterprise", type=text), rows),
        start,
        end,
        pa.repeat(pa.scalar(grain, type=text), rows),
        pa.array(found.values, type=pa.int64()),
    ]
    return pa.Table.from_arrays(arrays, schema=schema)
