"""The collector's ingest of 1,000,000 hourly points vs a bare bulk load of the same rows, same run.

SQLite: `ingest()` into an upgraded database file vs `executemany` of a plain INSERT of the same
rows into the same table of another upgraded file (the baseline converts each Row to a tuple and
its datetime to SQLite's text, as any loader must). PostgreSQL: `ingest()` vs a binary `COPY` of
the same rows into the same table, each into its own fresh database on one throwaway server
(tests/support/postgres.py). Both sides commit inside the timing. Then, on the candidate's
database: the same poll ingested again (target <= 0.5x its first ingest), the same points
polled again one hour later, unchanged (reported), and the next hour's poll (window moved on by an
hour, the last day's counts grown: every series changed; target <= 1.0x its first ingest, the
steady state a collector pays every hour).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.harness import Result, Settings, unavailable
from x_engagement.table import Row

HOUR = timedelta(hours=1)
T0 = datetime(2026, 1, 5, tzinfo=UTC)
FETCHED = T0 + 200 * HOUR
METRICS = ("impressions", "likes", "retweets", "replies", "quotes", "bookmarks", "url_clicks", "profile_clicks")
HOURS = 100
COLUMNS = "variant, post_id, metric, granularity, bucket_start, source_metric, value, first_seen, last_seen"
MAX_ROUNDS = 3  # each round loads 2 x 1M rows per database; three keep `make bench` in minutes


def hourly_points(points: int, shift: int = 0) -> list[Row]:
    """`points` rows: posts x 8 metrics x 100 hours, in the order a poll returns them.

    `shift` = 1 is the next hour's poll: the window moved on by one hour and the last 24 hours'
    counts grew by one (late engagements), so every series changed.
    """
    posts = max(1, points // (len(METRICS) * HOURS))
    starts = [T0 + (h + shift) * HOUR for h in range(HOURS)]
    return [
        Row(
            post_id=str(1_460_000_000_000_000_000 + p),
            metric=metric,
            source_metric=metric.title(),
            variant="v2",
            start=start,
            end=start + HOUR,
            granularity="hour",
            value=(p * 7 + h + shift) % 1000 + (shift if h >= HOURS - 24 else 0),
        )
        for p in range(posts)
        for metric in METRICS
        for h, start in enumerate(starts)
    ]


def _timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class _Samples:
    def __init__(self) -> None:
        self.first: list[float] = []
        self.baseline: list[float] = []
        self.again: list[float] = []
        self.later: list[float] = []
        self.next_hour: list[float] = []


def _rounds(settings: Settings, one_round: Callable[[int, _Samples], None]) -> _Samples:
    samples = _Samples()
    for index in range(max(1, min(settings.rounds, MAX_ROUNDS))):
        one_round(index, samples)
    return samples


def _results(kind: str, baseline: str, points: int, samples: _Samples) -> list[Result]:
    first, base = statistics.median(samples.first), statistics.median(samples.baseline)
    again, later = statistics.median(samples.again), statistics.median(samples.later)
    following = statistics.median(samples.next_hour)
    size = f"{points:,} hourly points"
    return [
        Result(
            name=f"collector ingest, {size}, {kind}",
            baseline=baseline,
            ratio=first / base,
            target=1.5,
            candidate_median=first * 1000,
            baseline_median=base * 1000,
            note="new buckets into an empty upgraded database; commit included",
            samples=samples.first,
        ),
        Result(
            name=f"re-ingest of the same poll, {size}, {kind}",
            baseline="its first ingest",
            ratio=again / first,
            target=0.5,
            candidate_median=again * 1000,
            baseline_median=first * 1000,
            note="same rows, same fetch time: nothing written",
            samples=samples.again,
        ),
        Result(
            name=f"re-poll 1 h later, unchanged values, {size}, {kind}",
            baseline="its first ingest",
            ratio=later / first,
            target=None,
            candidate_median=later * 1000,
            baseline_median=first * 1000,
            note="same rows, later fetch time: one windows row per series moves",
            samples=samples.later,
        ),
        Result(
            name=f"next hour's poll, window moved, last 24 h grew, {size}, {kind}",
            baseline="its first ingest",
            ratio=following / first,
            target=1.0,
            candidate_median=following * 1000,
            baseline_median=first * 1000,
            note="every series changed: 1 new bucket, 23 revisions, 1 bucket leaving the span per series",
            samples=samples.next_hour,
        ),
    ]


def run_sqlite(settings: Settings, rows: list[Row], next_rows: list[Row]) -> list[Result]:
    from x_engagement.collect import ingest, open_engine, transaction, upgrade
    from x_engagement.collect.schema import sqlite_text

    folder = Path(tempfile.mkdtemp(prefix="x-engagement-bench-"))

    def baseline(path: Path) -> None:
        texts: dict[datetime, str] = {}
        seen = sqlite_text(FETCHED)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO observation_rows ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    r.variant,
                    r.post_id,
                    r.metric,
                    r.granularity,
                    texts.get(r.start) or texts.setdefault(r.start, sqlite_text(r.start)),  # type: ignore[arg-type]
                    r.source_metric,
                    r.value,
                    seen,
                    seen,
                )
                for r in rows
            ),
        )
        connection.execute("COMMIT")
        connection.close()

    def one_round(index: int, samples: _Samples) -> None:
        candidate_path, baseline_path = folder / f"c{index}.db", folder / f"b{index}.db"
        for path in (candidate_path, baseline_path):
            upgrade(f"sqlite:///{path}")
        engine = open_engine(f"sqlite:///{candidate_path}")

        def poll(fetched: datetime, batch: list[Row] = rows) -> Callable[[], object]:
            def action() -> object:
                with transaction(engine) as connection:
                    return ingest(connection, batch, fetched)

            return action

        with transaction(engine):
            pass  # connect (and set up the connection) outside the timing, as the baseline does
        order = [("first", poll(FETCHED)), ("baseline", lambda: baseline(baseline_path))]
        for name, action in order if index % 2 == 0 else order[::-1]:
            getattr(samples, name).append(_timed(action))
        samples.again.append(_timed(poll(FETCHED)))
        samples.later.append(_timed(poll(FETCHED + HOUR)))
        samples.next_hour.append(_timed(poll(FETCHED + 2 * HOUR, next_rows)))
        engine.dispose()
        for path in folder.iterdir():
            path.unlink()

    try:
        return _results("SQLite", "executemany INSERT, same rows", len(rows), _rounds(settings, one_round))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_postgres(settings: Settings, rows: list[Row], next_rows: list[Row]) -> list[Result]:
    import psycopg

    from tests.support.postgres import missing_reason, postgres_server
    from x_engagement.collect import ingest, open_engine, transaction, upgrade

    reason = missing_reason()
    if reason is not None:
        return [unavailable("collector ingest, PostgreSQL", "COPY", 1.5, reason)]
    names = itertools.count()
    types = ["text", "text", "text", "text", "timestamptz", "text", "int8", "timestamptz", "timestamptz"]

    with postgres_server() as server:

        def baseline(database: str) -> None:
            with psycopg.connect(server.conninfo(database)) as connection:
                with (
                    connection.cursor() as cursor,
                    cursor.copy(f"COPY observation_rows ({COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy,
                ):
                    copy.set_types(types)
                    for r in rows:
                        copy.write_row(
                            (
                                r.variant,
                                r.post_id,
                                r.metric,
                                r.granularity,
                                r.start,
                                r.source_metric,
                                r.value,
                                FETCHED,
                                FETCHED,
                            )
                        )
                connection.commit()

        def one_round(index: int, samples: _Samples) -> None:
            candidate, reference = f"candidate_{next(names)}", f"baseline_{next(names)}"
            for database in (candidate, reference):
                upgrade(server.create_database(database))
            engine = open_engine(server.url(candidate))

            def poll(fetched: datetime, batch: list[Row] = rows) -> Callable[[], object]:
                def action() -> object:
                    with transaction(engine) as connection:
                        return ingest(connection, batch, fetched)

                return action

            with transaction(engine):
                pass
            order = [("first", poll(FETCHED)), ("baseline", lambda: baseline(reference))]
            for name, action in order if index % 2 == 0 else order[::-1]:
                getattr(samples, name).append(_timed(action))
            samples.again.append(_timed(poll(FETCHED)))
            samples.later.append(_timed(poll(FETCHED + HOUR)))
            samples.next_hour.append(_timed(poll(FETCHED + 2 * HOUR, next_rows)))
            engine.dispose()
            for database in (candidate, reference):
                server.execute(f"DROP DATABASE {database}")

        return _results("PostgreSQL", "binary COPY, same rows", len(rows), _rounds(settings, one_round))


def run(settings: Settings) -> list[Result]:
    points = 14_000 if settings.quick else 1_000_000
    rows, next_rows = hourly_points(points), hourly_points(points, shift=1)
    results: list[Result] = []
    for part in (run_sqlite, run_postgres):
        with _reported(part.__name__, results):
            results.extend(part(settings, rows, next_rows))
    return results


@contextlib.contextmanager
def _reported(name: str, results: list[Result]) -> Iterator[None]:
    """One database failing must not hide the other's figures."""
    try:
        yield
    except Exception as exc:
        results.append(unavailable(f"collector ingest ({name})", "-", 1.5, f"{type(exc).__name__}: {exc}"))
