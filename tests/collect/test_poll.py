"""The poll as a library call: one request per chunk per cycle, revisions kept, the rate budget
respected (the mock's clock stands in for waiting), SQLite's single-collector lock."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contracts.mock import truth
from tests.collect.pollcheck import check_against_truth, stored
from tests.collect.pollmock import poll_mock
from x_engagement.collect import (
    CollectorError,
    CollectorRunning,
    IdsFileError,
    SchemaOutdated,
    Stop,
    collect,
    upgrade,
)
from x_engagement.collect.lock import SqliteLock

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
IDS = [str(7000 + n) for n in range(12)]
FEW = IDS[:7]


def test_each_chunk_once_per_cycle_and_revisions_recorded(database_url: str) -> None:
    upgrade(database_url)
    with poll_mock(T0) as mock:
        times = []
        for step in range(3):
            for _ in range(2):  # the second run of a cycle finds nothing due
                stats = collect(
                    database_url, FEW, variant="both", base_url=mock.base_url, chunk_size=3,
                    **mock.credentials(),
                )  # fmt: skip
            times.append(mock.clock.now)
            assert stats.chunks == 0 and stats.failed_chunks == 0
            mock.clock.advance(timedelta(hours=1 + step))
        polls = mock.ledger.polls()
    assert len(polls) == 3 * 2 * 3  # 3 cycles x 2 variants x 3 chunks of 3, 3 and 1 ids
    assert set(polls.values()) == {1}
    assert check_against_truth(database_url, FEW, times, ("v2", "enterprise")) > 0


def test_rate_limit_waits_for_the_reset_and_never_gets_429(sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    upgrade(sqlite_url)
    with poll_mock(T0, rate_limit="2/60") as mock:
        caplog.set_level(logging.INFO, logger="x_engagement.collect")
        stats = collect(
            sqlite_url, IDS, base_url=mock.base_url, chunk_size=2,
            sleep=mock.clock.advance, **mock.credentials(),
        )  # fmt: skip
        statuses = [r.status for r in mock.ledger.requests]
    assert stats.chunks == 6 and stats.failed_chunks == 0
    assert statuses == [200] * 6
    assert stats.rate_waits == 2  # 2 requests per minute: 6 chunks need 3 windows
    waits = [r.getMessage() for r in caplog.records if r.getMessage().startswith("rate limit")]
    assert len(waits) == 2
    first_reset = (int(T0.timestamp()) // 60 + 1) * 60
    reset_text = datetime.fromtimestamp(first_reset + 1, UTC).isoformat()
    assert f"until {reset_text} (server time)" in waits[0]


def test_a_later_run_inherits_the_spent_budget_from_the_database(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    with poll_mock(T0, rate_limit="3/60") as mock:
        first = collect(sqlite_url, IDS[:6], base_url=mock.base_url, chunk_size=2,
                        sleep=mock.clock.advance, **mock.credentials())  # fmt: skip
        # Other posts, same minute: the three requests of this window are spent already.
        second = collect(sqlite_url, IDS[6:], base_url=mock.base_url, chunk_size=2,
                         sleep=mock.clock.advance, **mock.credentials())  # fmt: skip
        statuses = {r.status for r in mock.ledger.requests}
    assert (first.chunks, first.rate_waits) == (3, 0)
    assert (second.chunks, second.rate_waits) == (3, 1)
    assert statuses == {200}


def test_a_second_collector_on_one_sqlite_file_is_refused(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    holder = SqliteLock(sqlite_url.removeprefix("sqlite:///"))
    holder.acquire()
    try:
        with poll_mock(T0) as mock, pytest.raises(CollectorRunning, match="SQLite takes one collector"):
            collect(sqlite_url, IDS, base_url=mock.base_url, **mock.credentials())
        assert mock.ledger.requests == []
    finally:
        holder.release()


def test_bad_ids_and_an_older_schema_fail_before_any_request(sqlite_url: str) -> None:
    with poll_mock(T0) as mock:
        with pytest.raises(IdsFileError, match="#2"):
            collect(sqlite_url, ["20", "x1"], base_url=mock.base_url, **mock.credentials())
        upgrade(sqlite_url, "0001")  # an older schema; a new, empty database gets it on first use
        with pytest.raises(SchemaOutdated, match="db upgrade"):
            collect(sqlite_url, IDS, base_url=mock.base_url, **mock.credentials())
        with pytest.raises(CollectorError, match="no API credentials"):
            collect(sqlite_url, IDS, base_url=mock.base_url)
        with pytest.raises(CollectorError, match=r"Enterprise API needs OAuth 1\.0a"):
            collect(sqlite_url, IDS, variant="both", base_url=mock.base_url, bearer_token="x")
        assert mock.ledger.requests == []


def test_truth_window_is_what_one_poll_stores(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    with poll_mock(T0) as mock:
        collect(sqlite_url, IDS[:1], base_url=mock.base_url, **mock.credentials())
    rows, revisions = stored(sqlite_url)
    assert {key[4] for key in rows} == set(truth.window(T0))
    assert revisions == []


def test_a_long_lived_collector_outlives_an_unreachable_api(sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    upgrade(sqlite_url)
    stop = Stop()
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the second wait ends the run
        waits.append(seconds)
        if len(waits) == 2:
            stop.set()

    caplog.set_level(logging.WARNING, logger="x_engagement.collect")
    stats = collect(
        sqlite_url, IDS, once=False, every=timedelta(hours=1), base_url="http://127.0.0.1:9",
        bearer_token="unused", sleep=sleep, stop=stop, handle_signals=False,
    )  # fmt: skip
    assert (stats.chunks, waits) == (0, [60.0, 60.0])
    assert "cannot reach the API at http://127.0.0.1:9/" in caplog.text
    with pytest.raises(CollectorError, match="cannot reach the API"):
        collect(sqlite_url, IDS, base_url="http://127.0.0.1:9", bearer_token="unused")


def test_sqlite_is_writable_while_a_chunk_is_being_fetched(tmp_path: Path) -> None:
    """The request of a chunk runs outside any transaction: while the API is slow to answer,
    another writer (here a plain sqlite3 connection that will not wait) gets the write lock."""
    url = f"sqlite:///{tmp_path / 'collect.db'}"
    upgrade(url)
    with poll_mock(T0, latency=1.0) as mock:
        done: list[Any] = []
        credentials = mock.credentials()

        def poll() -> None:
            done.append(collect(url, FEW, base_url=mock.base_url, chunk_size=7, handle_signals=False, **credentials))

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            assert mock.ledger.wait_for_arrivals(1, 30, alive=poller.is_alive)
            time.sleep(0.2)  # the request is in flight (the mock answers after a second)
            other = sqlite3.connect(tmp_path / "collect.db", timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the poll held it
                other.execute("ROLLBACK")
            finally:
                other.close()
            assert not mock.ledger.requests  # ... and it was indeed still unanswered
        finally:
            poller.join(60)
    assert done and done[0].chunks == 1
