"""The counts of one Enterprise grouping tree as columns, for its rows and its Arrow table.

A 4-level answer holds ~12k counts in ~850 leaf nodes (post, type, day -> {hour: count}); what a
node's counts share is known once per node, so the tree is flattened level by level with list
comprehensions and each row column is spread from the nodes with itertools, in C: no Python
statement runs per count (benchmarks/README.md, bench_rows). The rules are those of a walk leaf
by leaf: a child that is not a dict below a level gives no rows, a leaf that is not exactly an
int gives no row, and every leaf's bucket is worked out (a bad day label raises) either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, compress, repeat
from operator import countOf, itemgetter
from typing import Any, NamedTuple, TypeVar

from x_engagement._grouping import ROLES

DAY, HOUR = ROLES.get("day", ""), ROLES.get("hour", "")  # the levels with those x-grouping roles
T = TypeVar("T")


class Leaves(NamedTuple):
    """The leaf nodes of a tree, each node's key at each level above them, and the counts, in the
    tree's order."""

    last: str  # the level the leaves are keyed by
    nodes: list[dict[Any, Any]]  # every dict on the last level (an empty one too)
    above: dict[str, list[str]]  # level -> the key of each node at that level
    counts: list[int]  # the leaves of each node
    values: list[Any]  # each leaf's count
    exact: bool  # every count is exactly an int; otherwise `kept()` says which are

    def per_row(self, per_node: Iterable[T]) -> Iterator[T]:
        """A value of each node, once for each of its leaves."""
        return chain.from_iterable(map(repeat, per_node, self.counts))

    def labels(self) -> Iterator[Any]:
        """The key of each leaf."""
        return chain.from_iterable(self.nodes)

    def kept(self) -> list[bool]:
        """Whether each leaf is a count (exactly an int: not True, not 1.5, not "7")."""
        return [type(value) is int for value in self.values]


def leaves(tree: Any, levels: Sequence[str]) -> Leaves:
    """The leaves of `tree`, which nests by `levels` (the last one keys the counts)."""
    nodes: list[Any] = [tree] if isinstance(tree, dict) else []
    above: list[list[str]] = []
    for _ in levels[:-1]:
        counts = list(map(len, nodes))
        above = [list(chain.from_iterable(map(repeat, keys, counts))) for keys in above]
        keys = list(chain.from_iterable(nodes))
        above.append(keys if countOf(map(type, keys), str) == len(keys) else list(map(str, keys)))
        nodes = list(chain.from_iterable(map(dict.values, nodes)))
        if not all(map(isinstance, nodes, repeat(dict))):
            kept = [isinstance(node, dict) for node in nodes]
            above = [list(compress(keys, kept)) for keys in above]
            nodes = list(compress(nodes, kept))
    values = list(chain.from_iterable(map(dict.values, nodes)))
    exact = countOf(map(type, values), int) == len(values)
    columns = dict(zip(levels[:-1], above, strict=True))
    last = levels[-1] if levels else ""
    return Leaves(last, nodes, columns, list(map(len, nodes)), values, exact)


def bucket_columns(
    found: Leaves, bounds: Callable[[str, str], tuple[Any, ...]], width: int
) -> list[Iterable[Any]]:
    """`width` row columns of `bounds(day, hour)` (say start and end) of each leaf's bucket: its
    day and hour labels come from the path (or "" without that level) or, on a day or hour level,
    from the leaf. `bounds` runs once per bucket, for every leaf kept or not (it may raise)."""
    memo: dict[tuple[str, str], tuple[Any, ...]] = {}

    def bucket(day: str, hour: str) -> tuple[Any, ...]:
        found_bounds = memo.get((day, hour))
        if found_bounds is None:
            found_bounds = memo[day, hour] = bounds(day, hour)
        return found_bounds

    none = [""] * len(found.nodes)
    days = found.above.get(DAY, none)
    if found.last not in (DAY, HOUR):  # a bucket per node
        per_node = list(map(bucket, days, found.above.get(HOUR, none)))
        return [found.per_row(map(itemgetter(i), per_node)) for i in range(width)]
    hourly = found.last == HOUR
    node_days = days if hourly else none

    def run(day: str, labels: tuple[str, ...]) -> tuple[Any, ...]:
        """The labels, then each column of their buckets."""
        cells = [bucket(day, label) if hourly else bucket(label, "") for label in labels]
        return (labels, *([cell[i] for cell in cells] for i in range(width)))

    # Nodes share their labels (each type of a post's day holds the same hours), so a node's run
    # is first looked up by its day and size, which hashes small keys, and then checked.
    keys: list[tuple[str, Any]] = list(zip(node_days, found.counts, strict=True))
    samples = dict(zip(keys, found.nodes, strict=True))  # a node of each day and size
    runs = {key: run(key[0], tuple(node)) for key, node in samples.items()}
    per_node = list(map(runs.__getitem__, keys))
    labels = list(map(tuple, found.nodes))
    if list(map(itemgetter(0), per_node)) != labels:  # same day and size, other hours
        keys = list(zip(node_days, labels, strict=True))
        runs = {key: run(*key) for key in set(keys)}
        per_node = list(map(runs.__getitem__, keys))
    return [chain.from_iterable(map(itemgetter(i + 1), per_node)) for i in range(width)]
