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
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from x_engagement import table
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


def engagement_arrow(
    groupings: dict[str, Any], group_by: dict[str, tuple[str, ...]], names: Sequence[str] = ()
) -> pyarrow.Table:
    """Enterprise: `to_arrow(table.engagement_rows(groupings, group_by, names))`."""
    chosen = list(names) if names else list(group_by)
    if len(chosen) != 1 or chosen[0] not in group_by:  # de-duplication, or the rows path's error
        return table.to_arrow(table.engagement_rows(groupings, group_by, names))
    cols = _Columns("enterprise")
    levels = group_by[chosen[0]]
    if TYPE in levels:
        _grouping(cols, groupings.get(chosen[0]) or {}, levels)
    return cols.to_arrow()


def _grouping(cols: _Columns, tree: dict[str, Any], levels: tuple[str, ...]) -> None:
    """table._grouping_rows, a leaf node at a time."""
    grain = "hour" if HOUR in levels else "day" if DAY in levels else "total"
    step = BUCKET.get(grain)
    canonical = table._CANONICAL["enterprise"]
    # Bucket bounds in microseconds by day, then by hour label ("" for the whole day).
    starts: dict[str, dict[str, Micros]] = {"": {"": None}}
    ends: dict[str, dict[str, Micros]] = {"": {"": None}}
    last = levels[-1]
    keys: dict[str, str] = {}

    def bounds(day: str, labels: Sequence[str]) -> tuple[dict[str, Micros], dict[str, Micros]]:
        """The day's start and end maps, holding every hour label of `labels`."""
        day_starts, day_ends = starts.setdefault(day, {}), ends.setdefault(day, {})
        if not all(map(day_starts.__contains__, labels)):
            midnight = datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC)
            for hour in labels:
                start = midnight + timedelta(hours=int(hour)) if hour else midnight
                day_starts[hour] = _micros(start)
                day_ends[hour] = _micros(start + step) if step is not None else None
        return day_starts, day_ends

    def metric_of(source: str) -> str:
        return canonical.get(source) or canonical_metric("enterprise", source)

    def leaves(node: dict[str, Any]) -> None:
        if last not in (HOUR, DAY, TYPE, POST):
            return
        labels, values = list(node), list(node.values())
        if not {*map(type, values)} <= _INT:
            kept = [(k, v) for k, v in zip(labels, values, strict=True) if type(v) is int]
            labels, values = [k for k, _ in kept], [v for _, v in kept]
        post = keys.get(POST, ALL_POSTS)
        source = keys.get(TYPE, "")
        day, hour = keys.get(DAY, ""), keys.get(HOUR, "")
        start: Micros | list[Micros]
        end: Micros | list[Micros]
        if last == HOUR:
            day_starts, day_ends = bounds(day, labels)
            start = list(map(day_starts.__getitem__, labels))
            end = list(map(day_ends.__getitem__, labels))
        elif last == DAY:
            found = [bounds(label, ("",)) for label in labels]
            start = [day_starts[""] for day_starts, _ in found]
            end = [day_ends[""] for _, day_ends in found]
        else:
            day_starts, day_ends = bounds(day, (hour,))
            start, end = day_starts[hour], day_ends[hour]
        if last == TYPE:
            cols.add(values, post, list(map(metric_of, labels)), labels, start, end, grain)
        elif last == POST:
            cols.add(values, labels, metric_of(source), source, start, end, grain)
        else:
            cols.add(values, post, metric_of(source), source, start, end, grain)

    for node in table.leaf_nodes(tree, levels, keys):
        leaves(node)


_INT = frozenset({int})
