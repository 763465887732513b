"""`last_seen` per window span (migration 0006), on both databases: the next hour's poll writes only
the buckets that are new or changed, and `observations` still says when each bucket was last seen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from msgspec.structs import replace

from tests.collect.rows import HOUR, T0, hourly
from x_engagement.collect import connect, ingest, observations, revisions, transaction, upgrade
from x_engagement.collect.database import MIGRATIONS
from x_engagement.collect.schema import observation_rows
from x_engagement.table import Row

T1, T2, T3 = T0 + 30 * HOUR, T0 + 31 * HOUR, T0 + 32 * HOUR


def window(first: int, last: int, changed: dict[int, int] | None = None) -> list[Row]:
    """Hours first..last of one series, value = hour, except the `changed` ones."""
    changed = changed or {}
    return [hourly("20", "likes", T0 + h * HOUR, changed.get(h, h)) for h in range(first, last + 1)]


def store(engine: sa.Engine, rows: list[Row], fetched: datetime) -> tuple[int, int, int, int]:
    with transaction(engine) as connection:
        stats = ingest(connection, rows, fetched)
    return stats.new, stats.revised, stats.unchanged, stats.already_stored


def seen(engine: sa.Engine, table: sa.Table = observations) -> dict[int, datetime]:
    """{hour: last_seen} of the series, as the view (or the table) gives it."""
    with connect(engine) as connection:
        query = sa.select(table.c.bucket_start, table.c.last_seen)
        return {int((start - T0) / HOUR): last for start, last in connection.execute(query)}


def test_the_next_hours_window_writes_only_its_new_and_changed_buckets(engine: sa.Engine) -> None:
    assert store(engine, window(0, 9), T1) == (10, 0, 0, 0)
    assert store(engine, window(1, 10, changed={9: 90}), T2) == (1, 1, 8, 0)
    assert seen(engine) == {0: T1, **{h: T2 for h in range(1, 11)}}
    # Hours 1-8 came again unchanged: the span says they were seen, their rows were not written.
    own = seen(engine, observation_rows)
    assert {h: own[h] for h in range(0, 9)} == {h: T1 for h in range(0, 9)}
    assert own[9] == own[10] == T2
    with connect(engine) as connection:
        revised = connection.execute(sa.select(revisions)).one()
    assert (revised.old_value, revised.new_value) == (9, 90)
    assert (revised.old_fetched_at, revised.new_fetched_at) == (T1, T2)


def test_a_bucket_that_leaves_the_span_keeps_the_time_the_span_gave_it(engine: sa.Engine) -> None:
    store(engine, window(0, 9), T1)
    store(engine, window(1, 10), T2)
    assert store(engine, window(2, 11, changed={10: 100}), T3) == (1, 1, 8, 0)
    assert seen(engine) == {0: T1, 1: T2, **{h: T3 for h in range(2, 12)}}
    assert seen(engine, observation_rows)[1] == T2  # written when it left the span
    with connect(engine) as connection:
        revised = connection.execute(sa.select(revisions)).one()
    assert revised.old_fetched_at == T2  # when the old value was last seen: through the span


def test_an_older_poll_arriving_late_does_not_move_what_a_newer_one_saw(engine: sa.Engine) -> None:
    store(engine, window(1, 10), T2)
    assert store(engine, window(0, 9, changed={5: 50}), T1) == (1, 0, 0, 9)
    assert seen(engine) == {0: T1, **{h: T2 for h in range(1, 11)}}
    with connect(engine) as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(revisions)).scalar() == 0
        values = dict(connection.execute(sa.select(observations.c.bucket_start, observations.c.value)).all())
    assert values[T0 + 5 * HOUR] == 5  # the newer poll's value stands


def test_a_window_with_a_gap_has_no_span_and_writes_last_seen_per_row(engine: sa.Engine) -> None:
    store(engine, window(0, 9), T1)
    gapped = window(0, 3) + window(5, 9)
    assert store(engine, gapped, T2) == (0, 0, 9, 0)
    assert store(engine, gapped, T3) == (0, 0, 9, 0)  # same digest, no span: per row again
    assert seen(engine) == {4: T1, **{h: T3 for h in range(10) if h != 4}}
    assert seen(engine, observation_rows) == seen(engine)


def test_going_back_to_revision_0005_writes_each_spans_time_into_its_rows(engine: sa.Engine) -> None:
    store(engine, window(0, 9), T1)
    store(engine, window(1, 10, changed={9: 90}), T2)
    before = seen(engine)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    table = sa.table("observations", sa.column("bucket_start"), sa.column("last_seen"))
    with engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.bucket_start, table.c.last_seen)).all()
    as_text = {str(start)[:19]: str(last)[:19] for start, last in rows}
    assert as_text == {str(T0 + h * HOUR)[:19]: str(when)[:19] for h, when in before.items()}
    assert upgrade(engine) == "0006"  # and forward again, with the rows' own times
    assert seen(engine) == before


def test_a_renamed_source_metric_is_rewritten_without_a_revision(engine: sa.Engine) -> None:
    store(engine, window(0, 9), T1)
    renamed = [replace(row, source_metric="Favorites") if row.start == T0 + 5 * HOUR else row for row in window(1, 10)]
    assert store(engine, renamed, T2) == (1, 0, 9, 0)
    with connect(engine) as connection:
        sources = dict(connection.execute(sa.select(observations.c.bucket_start, observations.c.source_metric)).all())
        assert connection.execute(sa.select(sa.func.count()).select_from(revisions)).scalar() == 0
    assert sources.pop(T0 + 5 * HOUR) == "Favorites" and set(sources.values()) == {"Likes"}


def test_windows_stored_before_revision_0006_are_read_back_with_the_same_result(
    engine: sa.Engine, database_url: str
) -> None:
    """Upgraded windows have no span and no body: the next poll reads the rows instead."""
    store(engine, window(0, 9), T1)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE windows SET first_bucket = NULL, last_bucket = NULL, body = NULL"))
    assert store(engine, window(1, 10, changed={9: 90}), T2) == (1, 1, 8, 0)
    assert seen(engine) == {0: T1, **{h: T2 for h in range(1, 11)}}
    assert store(engine, window(2, 11), T3) == (1, 1, 8, 0)  # and from then on through the body
    assert seen(engine) == {0: T1, 1: T2, **{h: T3 for h in range(2, 12)}}
    with connect(engine) as connection:
        changes = connection.execute(sa.select(revisions.c.old_value, revisions.c.new_value)).all()
    assert sorted(changes) == [(9, 90), (90, 9)]
