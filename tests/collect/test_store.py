"""The collector's storage on both databases: schema, idempotent ingest, revisions, gaps."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.collect.rows import HOUR, T0, hourly, poll
from x_engagement.collect import (
    IngestError,
    IngestStats,
    connect,
    gaps,
    ingest,
    observations,
    open_engine,
    revisions,
    transaction,
    upgrade,
)

POSTS = ["1460323737035677698", "20"]


def count(engine: sa.Engine, table: sa.Table) -> int:
    with connect(engine) as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_a_first_poll_stores_every_hourly_bucket_once(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    with transaction(engine) as connection:
        stats = ingest(connection, poll(POSTS, now), now)
    assert stats == IngestStats(received=112, new=112, revised=0, unchanged=0, already_stored=0, totals_skipped=0)
    assert count(engine, observations) == 112 and count(engine, revisions) == 0


def test_the_same_poll_twice_stores_nothing_twice(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    for _ in range(2):
        with transaction(engine) as connection:
            stats = ingest(connection, poll(POSTS, now), now)
    assert (stats.new, stats.revised, stats.unchanged, stats.already_stored) == (0, 0, 0, 112)
    assert count(engine, observations) == 112 and count(engine, revisions) == 0
    with connect(engine) as connection:
        seen = connection.execute(sa.select(observations.c.first_seen, observations.c.last_seen).distinct()).all()
    assert seen == [(now, now)]


def test_a_later_poll_keeps_first_seen_moves_last_seen_and_records_each_changed_value(engine: sa.Engine) -> None:
    first, second = T0 + 30 * HOUR, T0 + 31 * HOUR
    with transaction(engine) as connection:
        ingest(connection, poll(POSTS, first), first)
    with transaction(engine) as connection:
        stats = ingest(connection, poll(POSTS, second, late=5), second)
    # the window moved one hour: one new hour per post and metric; the last day grew by 5
    assert stats.new == 4 and stats.revised == 4 * 23 and stats.unchanged == 4 * 4
    assert count(engine, revisions) == 92
    key = ("v2", POSTS[0], "likes", "hour", second - 2 * HOUR)
    with connect(engine) as connection:
        stored = connection.execute(
            sa.select(observations).where(sa.tuple_(*[observations.c[k] for k in key_columns()]) == key)
        ).one()
        revision = connection.execute(
            sa.select(revisions).where(sa.tuple_(*[revisions.c[k] for k in key_columns()]) == key)
        ).one()
    assert (stored.first_seen, stored.last_seen) == (first, second)
    assert (revision.new_value - revision.old_value, revision.old_fetched_at, revision.new_fetched_at) == (
        5,
        first,
        second,
    )
    assert stored.value == revision.new_value


def key_columns() -> tuple[str, ...]:
    return ("variant", "post_id", "metric", "granularity", "bucket_start")


def test_an_older_poll_ingested_late_changes_nothing(engine: sa.Engine) -> None:
    first, second = T0 + 30 * HOUR, T0 + 31 * HOUR
    with transaction(engine) as connection:
        ingest(connection, poll(POSTS, second, late=5), second)
    with transaction(engine) as connection:
        stats = ingest(connection, poll(POSTS, first), first)
    assert stats.already_stored == 108 and stats.new == 4 and stats.revised == 0
    assert count(engine, revisions) == 0


def test_a_rolled_back_ingest_leaves_nothing(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    with pytest.raises(RuntimeError), transaction(engine) as connection:
        ingest(connection, poll(POSTS, now), now)
        raise RuntimeError("the caller fails before its commit")
    assert count(engine, observations) == 0


def test_totals_are_counted_not_stored(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    total = hourly("20", "likes", T0, 7)
    total = type(total)(total.post_id, "likes", "Likes", "v2", None, None, "total", 7)
    with transaction(engine) as connection:
        stats = ingest(connection, [total, hourly("20", "likes", T0, 3)], now)
    assert (stats.received, stats.new, stats.totals_skipped) == (2, 1, 1)


def test_a_naive_fetch_time_is_refused(engine: sa.Engine) -> None:
    with pytest.raises(ValueError, match="timezone-aware"), transaction(engine) as connection:
        ingest(connection, [], T0.replace(tzinfo=None))


def test_a_40_hour_lapse_is_reported_exactly(engine: sa.Engine) -> None:
    """Hourly polls, then none for 40 hours: the 12 hours that no 28-hour window showed are the gap."""
    last_before = T0 + 30 * HOUR
    for now in (T0 + 29 * HOUR, last_before, last_before + 40 * HOUR, last_before + 41 * HOUR):
        with transaction(engine) as connection:
            ingest(connection, poll(POSTS, now), now)
    with connect(engine) as connection:
        found = list(gaps(connection))
    # the poll at last_before saw hours up to last_before - 1h; the next one saw from +40h - 28h
    assert [(g.post_id, g.start, g.end, g.hours) for g in found] == [
        (post, last_before, last_before + 12 * HOUR, 12) for post in sorted(POSTS)
    ]
    with connect(engine) as connection:
        assert [g.post_id for g in gaps(connection, post_ids=["20"])] == ["20"]
        assert list(gaps(connection, variant="enterprise")) == []


def test_a_lapse_shorter_than_the_window_leaves_no_gap(engine: sa.Engine) -> None:
    for now in (T0 + 30 * HOUR, T0 + 57 * HOUR):
        with transaction(engine) as connection:
            ingest(connection, poll(POSTS, now), now)
    with connect(engine) as connection:
        assert list(gaps(connection)) == []


def test_timestamps_round_trip_as_utc(engine: sa.Engine) -> None:
    fetched = T0 + timedelta(hours=30, minutes=5, seconds=7, microseconds=120)
    with transaction(engine) as connection:
        ingest(connection, [hourly("20", "likes", T0, 1)], fetched)
    with connect(engine) as connection:
        row = connection.execute(sa.select(observations)).one()
    assert row.bucket_start == T0 and row.bucket_start.utcoffset() == timedelta(0)
    assert row.last_seen == fetched


def last_seen_by_hour(engine: sa.Engine) -> dict[object, object]:
    with connect(engine) as connection:
        query = sa.select(observations.c.bucket_start, observations.c.last_seen).where(
            observations.c.post_id == "20", observations.c.metric == "likes"
        )
        return {start: seen for start, seen in connection.execute(query)}


def test_an_unchanged_window_polled_later_only_moves_last_seen(engine: sa.Engine) -> None:
    first, second = T0 + 30 * HOUR, T0 + 30 * HOUR + timedelta(minutes=20)
    with transaction(engine) as connection:
        ingest(connection, poll(POSTS, first), first)
    with transaction(engine) as connection:
        stats = ingest(connection, poll(POSTS, second), second)
    assert (stats.new, stats.revised, stats.unchanged, stats.already_stored) == (0, 0, 112, 0)
    assert set(last_seen_by_hour(engine).values()) == {second}
    with connect(engine) as connection:
        assert connection.execute(sa.select(observations.c.first_seen).distinct()).scalars().all() == [first]
    assert count(engine, revisions) == 0


def test_a_bucket_missing_from_a_later_window_keeps_its_last_seen(engine: sa.Engine) -> None:
    first, second = T0 + 30 * HOUR, T0 + 31 * HOUR
    hours = [hourly("20", "likes", T0 + h * HOUR, h) for h in range(10)]
    with transaction(engine) as connection:
        ingest(connection, hours, first)
    with transaction(engine) as connection:
        stats = ingest(connection, hours[:5] + hours[6:], second)
    assert (stats.new, stats.revised, stats.unchanged) == (0, 0, 9)
    seen = last_seen_by_hour(engine)
    assert seen.pop(T0 + 5 * HOUR) == first and set(seen.values()) == {second}


def test_the_same_key_twice_in_one_ingest_is_refused_and_nothing_is_stored(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    twice = [hourly("20", "likes", T0, 1), hourly("20", "likes", T0, 2)]
    with pytest.raises(IngestError, match="twice"), transaction(engine) as connection:
        ingest(connection, twice, now)
    assert count(engine, observations) == 0
    with transaction(engine) as connection:  # and on a series that has history (the per-row path)
        ingest(connection, [hourly("20", "likes", T0, 1)], now)
    with pytest.raises(IngestError, match="twice"), transaction(engine) as connection:
        ingest(connection, [hourly("20", "likes", T0 + HOUR, 1), hourly("20", "likes", T0 + HOUR, 2)], now + HOUR)
    assert count(engine, observations) == 1


def test_a_daily_series_is_stored_beside_the_hourly_one(engine: sa.Engine) -> None:
    now = T0 + 30 * HOUR
    daily = hourly("20", "likes", T0, 30)
    daily = type(daily)(daily.post_id, "likes", "Likes", "v2", T0, T0 + timedelta(days=1), "day", 30)
    with transaction(engine) as connection:
        stats = ingest(connection, [daily, hourly("20", "likes", T0, 3)], now)
    assert stats.new == 2 and count(engine, observations) == 2


def test_two_sqlite_writers_take_turns_instead_of_failing(sqlite_url: str) -> None:
    """Each read-then-write transaction (as ingest is) waits for the other, none fails as locked."""
    upgrade(sqlite_url)
    engines = [open_engine(sqlite_url) for _ in range(2)]
    first_inside, errors = threading.Event(), []

    def writer(index: int) -> None:
        try:
            with transaction(engines[index]) as connection:
                ingest(connection, poll([str(100 + index)], T0 + 30 * HOUR), T0 + 30 * HOUR)
                if index == 0:
                    first_inside.set()
                    time.sleep(0.3)  # hold the write lock while the other one starts
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(0,)), threading.Thread(target=writer, args=(1,))]
    threads[0].start()
    first_inside.wait(5)
    threads[1].start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert count(engines[0], observations) == 112
    for engine in engines:
        engine.dispose()


def test_each_change_of_a_value_is_one_revision_chained_by_fetch_times(engine: sa.Engine) -> None:
    polls = [(T0 + 30 * HOUR, 1), (T0 + 31 * HOUR, 4), (T0 + 32 * HOUR, 4), (T0 + 33 * HOUR, 3)]
    for fetched, value in polls:  # the same bucket seen four times: grew, held, shrank
        with transaction(engine) as connection:
            ingest(connection, [hourly("20", "likes", T0 + 10 * HOUR, value)], fetched)
    with connect(engine) as connection:
        chain = connection.execute(
            sa.select(
                revisions.c.old_value, revisions.c.new_value, revisions.c.old_fetched_at, revisions.c.new_fetched_at
            ).order_by(revisions.c.id)
        ).all()
        stored = connection.execute(sa.select(observations.c.value, observations.c.first_seen)).one()
    assert [tuple(row) for row in chain] == [
        (1, 4, polls[0][0], polls[1][0]),
        (4, 3, polls[2][0], polls[3][0]),  # the old value was last confirmed by the third poll
    ]
    assert tuple(stored) == (3, polls[0][0])
