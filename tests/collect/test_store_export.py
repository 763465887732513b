"""Reading the history back: `export` streams the stored buckets as Rows, the table writers write them."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TextIO

import pytest
import sqlalchemy as sa

from tests.collect.rows import HOUR, T0, poll
from x_engagement.collect import connect, export, ingest, transaction
from x_engagement.table import Row, read_csv, read_jsonl, write_csv, write_jsonl

POSTS = ["1460323737035677698", "20"]


def key(row: Row) -> tuple[object, ...]:
    return (row.variant, row.post_id, row.metric, row.granularity, row.start)


def latest(*polls: list[Row]) -> list[Row]:
    """What the database should hold after these polls: each bucket's value from the newest poll."""
    merged: dict[tuple[object, ...], Row] = {}
    for rows in polls:
        merged.update((key(row), row) for row in rows)
    return sorted(merged.values(), key=key)


def test_export_gives_back_each_bucket_with_its_latest_value(engine: sa.Engine) -> None:
    first, second = T0 + 30 * HOUR, T0 + 33 * HOUR
    polls = [list(poll(POSTS, first)), list(poll(POSTS, second, late=7))]
    for rows, fetched in zip(polls, (first, second), strict=True):
        with transaction(engine) as connection:
            ingest(connection, rows, fetched)
    with connect(engine) as connection:
        exported = list(export(connection))
    assert exported == latest(*polls)
    assert all(row.end == row.start + HOUR for row in exported if row.start is not None)


def test_export_filters_by_time_ids_and_variant(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    with transaction(engine) as connection:
        ingest(connection, poll(POSTS, now), now)
    since, until = T0 + 10 * HOUR, T0 + 12 * HOUR
    with connect(engine) as connection:
        window = list(export(connection, since=since, until=until, ids=["20"]))
        assert list(export(connection, variant="enterprise")) == []
    assert {(row.post_id, row.start) for row in window} == {("20", since), ("20", since + HOUR)}
    assert len(window) == 4  # two metrics x two hours


def test_a_naive_bound_is_refused(engine: sa.Engine) -> None:
    with connect(engine) as connection, pytest.raises(ValueError, match="since must be timezone-aware"):
        next(export(connection, since=T0.replace(tzinfo=None)))


@pytest.mark.parametrize(("write", "read"), [(write_csv, read_csv), (write_jsonl, read_jsonl)], ids=["csv", "jsonl"])
def test_export_round_trips_through_the_table_writers(
    engine: sa.Engine, write: Callable[[Iterable[Row], TextIO], int], read: Callable[[TextIO], list[Row]]
) -> None:
    now = T0 + 30 * HOUR
    stored = list(poll(POSTS, now))
    with transaction(engine) as connection:
        ingest(connection, stored, now)
    buffer = io.StringIO()
    with connect(engine) as connection:
        written = write(export(connection), buffer)
    assert written == len(stored)
    assert read(io.StringIO(buffer.getvalue())) == sorted(stored, key=key)


def test_export_streams_many_more_rows_than_one_batch(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    posts = [str(1000 + n) for n in range(200)]  # 200 x 2 metrics x 28 h = 11,200 rows
    with transaction(engine) as connection:
        ingest(connection, poll(posts, now), now)
    with connect(engine) as connection:
        rows = export(connection)
        first = next(rows)
        rest = sum(1 for _ in rows)
    assert first.post_id == "1000" and first.start == now - timedelta(hours=28) and rest == 11_199
