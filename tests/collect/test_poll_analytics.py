"""`collect --variant analytics`: post analytics asked by explicit time ranges (no 28-hour window),
against a loopback server of X's v2.167 endpoint (tests/collect/analyticsmock.py), on SQLite and
real PostgreSQL, through the library and the console script: each poll asks a post the hours since
its last committed one plus the overlap, a post never polled the last 28 hours; a crash resumes
from the last committed hour and no hour is asked twice beyond the overlap; the stored values are
the truth and say their source; the rate budget follows `x-rate-limit-*`; `gaps --backfill` fills
a lapse from the same endpoint."""

from __future__ import annotations

import itertools
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.collect.analyticsmock import HOUR, SETTLES, AnalyticsMock, Asked, analytics_mock, truth
from tests.collect.pollcheck import stored
from tests.collect.pollmock import cli, run_cli
from x_engagement.collect import backfill, collect, connect, gaps, open_engine, upgrade

T0 = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
IDS = ["101", "102", "103", "104"]
OVERLAP = timedelta(hours=2)


def poll(url: str, mock: AnalyticsMock, **options: object) -> object:
    options.setdefault("chunk_size", 2)
    return collect(url, IDS, variant="analytics", bearer_token="user-token", base_url=mock.url,
                   handle_signals=False, **options)  # type: ignore[arg-type]  # fmt: skip


def whole_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def assert_ranges_chain(asked: list[Asked], overlap: timedelta = OVERLAP) -> None:
    """The first request asks 28 hours; each next one starts `overlap` before the previous end
    (the hours since the last committed one, plus the overlap) and ends at the last whole hour."""
    assert asked[0].end - asked[0].start == timedelta(hours=28)
    for before, after in itertools.pairwise(asked):
        assert after.start == before.end - overlap, (before, after)
    for one in asked:
        assert one.end == whole_hour(one.at)


def test_each_poll_asks_the_hours_since_the_last_committed_one_plus_the_overlap(database_url: str) -> None:
    upgrade(database_url)
    with analytics_mock(T0) as mock:
        times = []
        for step in (0, 1, 2, 7, 8):  # hourly, then a 5-hour lapse
            mock.now = T0 + step * HOUR
            times.append(mock.now)
            stats = poll(database_url, mock)
            assert stats.chunks == 2 and not stats.errors  # type: ignore[attr-defined]
        again = poll(database_url, mock)  # the same hour again: nothing new, nothing sent
        assert again.chunks == 0  # type: ignore[attr-defined]
    assert len(mock.ledger) == 10
    for post_id in IDS:
        assert_ranges_chain(mock.asked(post_id))
    rows, revs = stored(database_url)
    hours = {key[4] for key in rows}
    first = whole_hour(T0) - timedelta(hours=28)
    assert hours == {first + n * HOUR for n in range(28 + 8)}  # every hour, once, none lost
    assert {key[0] for key in rows} == {"analytics"}  # each stored value names its source
    for (_variant, post_id, metric, granularity, start), (source, value, _first, last) in rows.items():
        assert granularity == "hour" and source == metric
        assert value == truth(post_id, metric, start, last)
    # The overlap catches late counts: every revision is an hour asked again within the overlap.
    assert revs and all(new > old for *_, old, new, _a, _b in revs)
    assert all(r[4] >= whole_hour(r[7]) - OVERLAP - HOUR for r in revs)
    settled = [k for k, v in rows.items() if v[3] - k[4] >= (SETTLES + 1) * HOUR]
    assert len(settled) > len(IDS) * 5 * 28  # most hours are past their late revisions


@pytest.mark.subprocess
def test_a_crash_resumes_from_the_last_committed_hour_and_asks_no_hour_twice_beyond_the_overlap(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("\n".join(IDS) + "\n")
    command = cli("collect", "--db", url, "--ids-file", str(ids_file), "--variant", "analytics", "--once",
                  "--chunk-size", "2")  # fmt: skip
    with analytics_mock(T0) as mock:
        env = _env(mock)
        assert run_cli(command[3:], env).returncode == 0  # the first poll: 28 hours, both chunks
        mock.now = T0 + 3 * HOUR
        mock.hold[4] = 30.0  # the second chunk's answer of this cycle is held back...
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while len(mock.ledger) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(mock.ledger) == 4
        process.send_signal(signal.SIGKILL)  # ...and the collector killed while it waits
        process.communicate(timeout=30)
        mock.hold.clear()
        finished = run_cli(command[3:], env)
        assert finished.returncode == 0, finished.stderr
        assert len(mock.ledger) == 5  # the restart asks only the chunk that had not committed
        killed, resumed = mock.ledger[3], mock.ledger[4]
        assert (resumed.post_ids, resumed.start, resumed.end) == (killed.post_ids, killed.start, killed.end)
        mock.now = T0 + 4 * HOUR
        assert run_cli(command[3:], env).returncode == 0
    for post_id in IDS:
        asked = mock.asked(post_id)
        committed = [a for a in asked if a is not killed]
        assert_ranges_chain(committed)
        # every hour is asked at most 1 + overlap times, the crash's lost answer aside
        times: dict[datetime, int] = {}
        for one in committed:
            hour = one.start
            while hour < one.end:
                times[hour] = times.get(hour, 0) + 1
                hour += HOUR
        assert max(times.values()) <= 1 + int(OVERLAP / HOUR)
        assert sum(n - 1 for n in times.values()) == 2 * int(OVERLAP / HOUR)  # two polls after the first
    rows, _revs = stored(url)
    assert all(value[1] == truth(key[1], key[2], key[4], value[3]) for key, value in rows.items())


def test_the_rate_budget_follows_the_headers_and_waits_for_the_reset(database_url: str) -> None:
    upgrade(database_url)
    waits: list[float] = []
    with analytics_mock(T0, limit=2) as mock:

        def sleep(seconds: float) -> None:  # the server's clock moves while the collector waits
            waits.append(seconds)
            mock.now += timedelta(seconds=seconds)

        stats = poll(database_url, mock, chunk_size=1, sleep=sleep)  # four requests, two per window
    assert stats.chunks == 4 and stats.rate_waits >= 1  # type: ignore[attr-defined]
    assert [a.status for a in mock.ledger] == [200] * 4  # it waited instead of being refused
    assert len({int(a.at.timestamp() // 900) for a in mock.ledger}) == 2  # two 15-minute windows
    assert waits and max(waits) <= 15 * 60 + 1
    engine = open_engine(database_url)
    with connect(engine) as connection:
        budget = connection.execute(sa.text('SELECT budget_key, "limit" FROM collect_rate_budget')).all()
    engine.dispose()
    assert [tuple(b) for b in budget] == [("analytics", 2)]


@pytest.mark.subprocess
def test_gaps_backfill_fills_a_lapse_longer_than_one_request_from_the_analytics_endpoint(
    database_url: str, tmp_path: Path
) -> None:
    upgrade(database_url)
    with analytics_mock(T0) as mock:
        poll(database_url, mock)
        mock.now = T0 + timedelta(days=10)  # one request asks at most 7 days: 3 days are left
        poll(database_url, mock)
        engine = open_engine(database_url)
        with connect(engine) as connection:
            found = list(gaps(connection, variant="analytics"))
        engine.dispose()
        assert {g.post_id for g in found} == set(IDS)
        assert {(g.start, g.end) for g in found} == {(whole_hour(T0), whole_hour(mock.now) - timedelta(days=7))}
        before = len(mock.ledger)
        result = run_cli(["gaps", "--db", database_url, "--backfill", "--variant", "analytics"], _env(mock))
        assert result.returncode == 0, result.stderr
        assert result.stdout == "variant,post_id,start,end,hours\n"  # no gap left
        asked = mock.ledger[before:]
        assert asked and all(a.status == 200 for a in asked)
        assert {a.post_ids for a in asked} == {tuple(IDS)}  # posts missing the same hours together
        again = backfill(database_url, variant="analytics", bearer_token="t", base_url=mock.url, handle_signals=False)
        assert again.requests == 0 and again.remaining == []
    rows, _ = stored(database_url)
    first = whole_hour(T0) - timedelta(hours=28)
    assert {k[4] for k in rows} == {first + n * HOUR for n in range(int((whole_hour(mock.now) - first) / HOUR))}


def _env(mock: AnalyticsMock) -> dict[str, str]:
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("X_BEARER", "X_CONSUMER", "X_ACCESS", "X_API", "X_ENGAGEMENT"))
    }
    env.update(X_API_BASE_URL=mock.url, X_BEARER_TOKEN="user-token",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))  # fmt: skip
    return env
