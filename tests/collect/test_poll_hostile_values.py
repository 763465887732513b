"""A server that answers one chunk with a value or a name the database cannot hold (2**63, a
65-character metric name): that chunk's bad rows are kept in `collect_failures` (read back with
`failures()` and `x-engagement failures`), everything else is stored, the run goes on, and the next
run is not stuck on it. On SQLite and a real PostgreSQL."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.collect.pollcheck import stored
from tests.collect.pollmock import poll_mock, run_cli
from x_engagement.collect import collect as collect_
from x_engagement.collect import connect, failures, ingest, open_engine, upgrade
from x_engagement.collect.errors import UnstorableRows
from x_engagement.collect.poll import PollStats

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
IDS = [str(7100 + n) for n in range(6)]  # chunks of 2: (7100, 7101), (7102, 7103), (7104, 7105)
HUGE = 2**63
LONG = "M" * 65
DB_PASSWORD = "pg-Secret-4711"


def hostile(variant: str, ids: frozenset[str], body: bytes) -> bytes:
    """7102's first hourly point says 2**63 impressions; 7104's first point has a 65-character
    metric name. Everything else is the mock's own answer."""
    if variant != "v2" or not ids & {"7102", "7104"}:
        return body
    document: Any = json.loads(body)
    for item in document.get("data", []):
        for point in item["measurement"]["metrics_time_series"]:
            if point["tweet_id"] == "7102":
                point["value"]["metric_values"][0]["metric_value"] = HUGE
                break
            if point["tweet_id"] == "7104":
                point["value"]["metric_values"][0]["metric_type"] = LONG
                break
    return json.dumps(document).encode()


def posts_stored(url: str) -> dict[str, int]:
    rows, _ = stored(url)
    counts: dict[str, int] = {}
    for key in rows:
        counts[key[1]] = counts.get(key[1], 0) + 1
    return counts


def read_failures(url: str) -> list[Any]:
    engine = open_engine(url)
    try:
        with connect(engine) as connection:
            return list(failures(connection))
    finally:
        engine.dispose()


def run(url: str, mock: Any) -> PollStats:
    return collect_(url, IDS, base_url=mock.base_url, chunk_size=2, **mock.credentials())


def test_a_value_the_store_cannot_hold_fails_its_rows_only(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    upgrade(database_url)
    caplog.set_level(logging.INFO, logger="x_engagement.collect")
    with poll_mock(T0, tamper=hostile) as mock:
        first = run(database_url, mock)
        counts = posts_stored(database_url)
        mock.clock.advance(timedelta(hours=1))
        second = run(database_url, mock)
        polls = mock.ledger.polls()
    # Every chunk polled in both cycles; the two chunks with bad rows are reported, not fatal.
    assert (first.chunks, second.chunks) == (3, 3)
    assert (first.unstorable_chunks, first.unstorable_rows) == (2, 2)
    assert first.failed_chunks == 0 and len(polls) == 6
    # Every post is stored; the two posts with a bad point miss exactly that one row.
    full = counts["7100"]
    assert set(counts) == set(IDS)
    assert all(counts[p] == full for p in ("7100", "7101", "7103", "7105"))
    assert counts["7102"] == counts["7104"] == full - 1
    # The bad rows are kept as the server sent them, once per poll that saw them.
    found = read_failures(database_url)
    assert len(found) == 4
    huge = [f for f in found if "7102" in f.post_ids]
    long = [f for f in found if "7104" in f.post_ids]
    assert len(huge) == len(long) == 2
    assert huge[0].variant == "v2" and huge[0].post_ids == ("7102", "7103")
    assert huge[0].rows[0]["value"] == HUGE and huge[0].rows[0]["post_id"] == "7102"
    assert "64-bit" in huge[0].reason
    assert long[0].rows[0]["source_metric"] == LONG and "64 characters" in long[0].reason
    assert huge[0].failed_at == T0 and huge[1].failed_at == T0 + timedelta(hours=1)
    # Logged once per chunk and poll, one line each, naming where the rows went.
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 4, lines
    assert all("collect_failures" in line and "\n" not in line for line in lines)


def test_the_database_refusal_is_the_last_line_of_defence(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the check out of step with the column (a longer limit), PostgreSQL refuses the name
    (StringDataRightTruncation): that chunk fails alone, is recorded whole and stays due."""
    import x_engagement.collect.values as values

    monkeypatch.setattr(values, "MAX_NAME", 100)
    upgrade(postgres_url)
    with poll_mock(T0, tamper=hostile) as mock:
        first = run(postgres_url, mock)
        again = run(postgres_url, mock)  # same cycle: only the failed chunk is still due
    assert (first.chunks, first.failed_chunks, first.unstorable_chunks) == (2, 1, 1)
    assert (again.chunks, again.failed_chunks) == (0, 1)
    assert "cannot hold" in first.errors[0] and "7104" in first.errors[0]
    recorded = [f for f in read_failures(postgres_url) if "7104" in f.post_ids]
    assert len(recorded) == 2 and "StringDataRightTruncation" in recorded[0].reason
    assert len(recorded[0].rows) > 100  # the whole chunk's rows: nothing of it was stored
    assert "7104" not in posts_stored(postgres_url)


def test_ingest_refuses_unstorable_rows_before_the_database_sees_them(database_url: str) -> None:
    from tests.collect.rows import hourly

    upgrade(database_url)
    engine = open_engine(database_url)
    hour = datetime(2026, 11, 2, 8, tzinfo=UTC)
    bad = [hourly("20", "likes", hour, HUGE), hourly("21", "likes", hour, -(2**63) - 1),
           hourly("22", LONG.lower(), hour, 1)]  # fmt: skip
    try:
        with pytest.raises(UnstorableRows) as caught, connect(engine) as connection:
            ingest(connection, [hourly("19", "likes", hour, 5), *bad], T0)
    finally:
        engine.dispose()
    assert [r for r, _ in caught.value.rejected] == bad
    assert "3 row(s)" in str(caught.value) and "\n" not in str(caught.value)
    assert posts_stored(database_url) == {}


@pytest.mark.subprocess
def test_cli_exit_code_summary_and_failures_command(tmp_path: Path, postgres_url: str) -> None:
    upgrade(postgres_url)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(IDS) + "\n")
    with poll_mock(T0, tamper=hostile) as mock:
        env = mock.env(X_ENGAGEMENT_DB=postgres_url)
        done = run_cli(["collect", "--ids-file", str(ids), "--chunk-size", "2", "-q"], env)
        listed = run_cli(["failures"], env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + listed.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert "2 row(s) in 2 chunk(s) could not be stored" in last and "x-engagement failures" in last
    assert listed.returncode == 0, listed.stderr
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(records) == 2
    assert {r["post_ids"][0] for r in records} == {"7102", "7104"}
    assert any(r["rows"][0]["value"] == HUGE for r in records)
    assert listed.stderr.strip() == "x-engagement: 2 failure(s)"
