"""`gaps --backfill`: the hours a 40-hour lapse lost, fetched from the historical endpoints of the
loopback mock, stored with the mock's ground truth, asked for once; the endpoint refusing, a
request failing, the API having no data, the spec's range limits and the shared rate budget."""

from __future__ import annotations

import random
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.mock import truth
from tests.collect.pollcheck import stored
from tests.collect.pollmock import PollMock, cli, poll_mock, run_cli
from x_engagement.collect import backfill, collect, connect, gaps, open_engine, upgrade
from x_engagement.collect.backfill import plan
from x_engagement.collect.fetch import historical
from x_engagement.collect.gaps import Gap

T0 = datetime(2026, 11, 4, 7, 45, tzinfo=UTC)
IDS = ["2001", "2002", "2003"]
POLLS = [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=41)]  # then 40 hours without a poll
HOUR = timedelta(hours=1)
# The 40-hour lapse leaves 12 hours no 28-hour window showed (test_poll_cli checks `gaps` says so).
GAP_START = truth.window(POLLS[1])[-1] + HOUR
GAP_END = truth.window(POLLS[2])[0]


def collected(url: str, mock: PollMock, variant: str = "both", ids: list[str] = IDS) -> None:
    """Three polls with the 40-hour lapse; the mock's clock stays at the last one."""
    upgrade(url)
    for moment in POLLS:
        mock.clock.set(moment)
        collect(url, ids, variant=variant, base_url=mock.base_url, handle_signals=False, **mock.credentials())


def open_gaps(url: str) -> list[Gap]:
    engine = open_engine(url)
    try:
        with connect(engine) as connection:
            return list(gaps(connection))
    finally:
        engine.dispose()


def z(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def mock() -> Iterator[PollMock]:
    with poll_mock(T0) as running:
        yield running


def test_backfill_fills_a_40_hour_lapse_with_the_truth_and_asks_once(mock: PollMock, database_url: str) -> None:
    collected(database_url, mock)
    assert {(g.start, g.end, g.hours) for g in open_gaps(database_url)} == {(GAP_START, GAP_END, 12)}
    polled = len(mock.ledger.requests)

    stats = backfill(database_url, base_url=mock.base_url, handle_signals=False, **mock.credentials())

    sent = mock.ledger.requests[polled:]
    # The three posts miss the same hours: one request per variant.
    assert [(r.variant, r.post_ids, r.status) for r in sent] == [
        ("enterprise", frozenset(IDS), 200),
        ("v2", frozenset(IDS), 200),
    ]
    assert (stats.requests, stats.failed, stats.refused, stats.remaining, stats.no_data) == (2, 0, None, [], [])
    assert open_gaps(database_url) == []
    rows, _revisions = stored(database_url)
    every_hour = set(truth.window(POLLS[0])) | set(truth.window(POLLS[2]))
    first, last = min(every_hour), max(every_hour)
    contiguous = {first + HOUR * n for n in range(int((last - first) / HOUR) + 1)}
    for variant in ("v2", "enterprise"):
        for post_id in IDS:
            hours = {key[4] for key in rows if key[:2] == (variant, post_id)}
            assert hours == contiguous, (variant, post_id)
    backfilled = {key: value for key, value in rows.items() if GAP_START <= key[4] < GAP_END}
    assert len(backfilled) == 12 * len(IDS) * (26 + 17)  # every v2 metric and Enterprise type
    for key, (source_metric, value, first_seen, last_seen) in backfilled.items():
        assert first_seen == last_seen == mock.clock.now.replace(microsecond=0)
        assert value == truth.value(key[1], source_metric, key[4], last_seen), key
    assert stats.new == len(backfilled)

    again = backfill(database_url, base_url=mock.base_url, handle_signals=False, **mock.credentials())
    assert len(mock.ledger.requests) == polled + 2  # nothing left to ask for: no request at all
    assert (again.requests, again.remaining, again.no_data) == (0, [], [])


@pytest.mark.subprocess
def test_the_command_line_fills_the_gaps_and_then_lists_none(mock: PollMock, sqlite_url: str) -> None:
    collected(sqlite_url, mock)
    done = run_cli(["gaps", "--db", sqlite_url, "--backfill", "--variant", "v2"], mock.env())
    assert done.returncode == 0, done.stderr
    assert done.stdout == "variant,post_id,start,end,hours\n"  # no v2 gap left
    assert "backfilled" in done.stderr and "0 gap(s) (0 hour(s)) still open" in done.stderr
    assert "Traceback" not in done.stderr
    c = mock.config.credentials
    for secret in (c.bearer_token, c.consumer_secret, c.access_token, c.access_token_secret):
        assert secret not in done.stdout + done.stderr
    listed = run_cli(["gaps", "--db", sqlite_url], mock.env())
    assert listed.stdout.splitlines()[1:] == [f"enterprise,{p},{z(GAP_START)},{z(GAP_END)},12" for p in IDS]


@pytest.mark.subprocess
def test_a_refusing_endpoint_is_one_line_and_the_gaps_left_are_listed(sqlite_url: str) -> None:
    with poll_mock(T0, faults="status:403@/2/insights/historical") as mock:
        collected(sqlite_url, mock)
        polled = len(mock.ledger.requests)
        done = run_cli(["gaps", "--db", sqlite_url, "--backfill", "-q"], mock.env())
        sent = [(r.variant, r.status) for r in mock.ledger.requests[polled:]]
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "the v2 historical endpoint refused" in lines[0] and "403" in lines[0]
    assert "3 gap(s) (36 hour(s)) still open, listed on stdout" in lines[0]
    assert sent == [("enterprise", 200), ("v2", 403)]  # Enterprise filled, v2 asked once
    assert done.stdout.splitlines() == ["variant,post_id,start,end,hours"] + [
        f"v2,{p},{z(GAP_START)},{z(GAP_END)},12" for p in IDS
    ]


def test_a_failed_request_leaves_its_gaps_and_the_next_run_asks_only_for_them(sqlite_url: str) -> None:
    with poll_mock(T0, faults="status:409@/insights/engagement/historical") as mock:
        collected(sqlite_url, mock)
        failing = backfill(sqlite_url, base_url=mock.base_url, handle_signals=False, **mock.credentials())
    assert (failing.requests, failing.failed, failing.refused) == (1, 1, None)
    assert "409" in failing.errors[0] and "enterprise" in failing.errors[0]
    assert {g.variant for g in failing.remaining} == {"enterprise"}
    with poll_mock(POLLS[-1]) as healthy:
        retried = backfill(sqlite_url, base_url=healthy.base_url, handle_signals=False, **healthy.credentials())
        sent = [(r.variant, r.post_ids) for r in healthy.ledger.requests]
    assert sent == [("enterprise", frozenset(IDS))]
    assert (retried.requests, retried.remaining) == (1, [])


def test_hours_the_api_has_no_data_for_are_kept_as_gaps_but_not_asked_again(sqlite_url: str) -> None:
    with poll_mock(T0) as mock:
        collected(sqlite_url, mock, variant="v2")
    # This mock serves at most the last 5 hours of a v2 historical range (as an API with a
    # shorter memory would serve less than asked): the gap's first 7 hours come back empty.
    with poll_mock(POLLS[-1], v2_history_hours="5") as short:
        first = backfill(sqlite_url, base_url=short.base_url, handle_signals=False, **short.credentials())
        second = backfill(sqlite_url, base_url=short.base_url, handle_signals=False, **short.credentials())
        requests = len(short.ledger.requests)
    assert (first.requests, first.remaining) == (1, [])
    assert [(g.post_id, g.start, g.end) for g in first.no_data] == [(p, GAP_START, GAP_END - 5 * HOUR) for p in IDS]
    assert [(g.post_id, g.hours) for g in open_gaps(sqlite_url)] == [(p, 7) for p in IDS]
    assert (second.requests, len(second.no_data), requests) == (0, 3, 1)


def test_the_backfill_waits_for_the_rate_budget_the_poll_spent(sqlite_url: str) -> None:
    with poll_mock(T0, rate_limit="1/60") as mock:
        collected(sqlite_url, mock, variant="v2")  # each poll spends its minute's one request
        stats = backfill(
            sqlite_url, base_url=mock.base_url, sleep=mock.clock.advance, handle_signals=False,
            **mock.credentials(),
        )  # fmt: skip
        statuses = [r.status for r in mock.ledger.requests]
    assert stats.rate_waits == 1 and stats.requests == 1
    assert statuses == [200] * 4  # three polls and the backfill: never a 429


def test_ranges_are_split_at_the_spec_limits_and_posts_in_batches() -> None:
    enterprise, v2 = historical("enterprise"), historical("v2")
    assert enterprise is not None and v2 is not None
    assert enterprise.longest == timedelta(days=28)  # the spec's time-window rule: max-days 28
    assert v2.longest == timedelta(days=7)  # no documented limit: a week per request
    start = datetime(2026, 9, 1, tzinfo=UTC)
    end = start + timedelta(days=40)
    posts = [str(9000 + n) for n in range(30)]
    pending = [Gap(variant, p, start, end) for variant in ("enterprise", "v2") for p in posts]
    requests = plan(pending, {"enterprise": enterprise, "v2": v2})
    spans = [(r.variant, r.start, r.end, len(r.post_ids)) for r in requests]
    cut = start + timedelta(days=28)
    assert spans[:4] == [
        ("enterprise", start, cut, 25),
        ("enterprise", start, cut, 5),
        ("enterprise", cut, end, 25),
        ("enterprise", cut, end, 5),
    ]
    v2_spans = [(s, e) for variant, s, e, _n in spans if variant == "v2"]
    assert len(v2_spans) == 2 * 6  # 40 days in 7-day ranges (5 full, one of 5 days), two batches
    assert max(e - s for s, e in v2_spans) == timedelta(days=7)
    assert v2_spans[0][0] == start and v2_spans[-1][1] == end
    for variant in ("enterprise", "v2"):
        covered = {(s, e) for v, s, e, _n in spans if v == variant}
        assert sum(((e - s) for s, e in covered), timedelta()) == end - start  # no hour twice, none lost


@pytest.mark.subprocess
def test_sigkill_mid_backfill_loses_nothing_committed_and_resumes(tmp_path: Path) -> None:
    url, reference = (f"sqlite:///{tmp_path / name}" for name in ("crash.db", "reference.db"))
    posts = [str(6000 + n) for n in range(30)]  # 25 + 5 posts per variant: four requests
    rng = random.Random(2411)
    command = cli("gaps", "--db", url, "--backfill", "-q")
    kills = 0
    with poll_mock(T0, latency=0.01) as mock:
        collected(url, mock, ids=posts)
        collected(reference, mock, ids=posts)
        answered_before = sum(1 for r in mock.ledger.requests if r.status == 200)
        for _ in range(3):
            arrived = mock.ledger.arrived
            process = subprocess.Popen(command, env=mock.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            # Each run commits at most one range before its kill, so a request always comes.
            mock.ledger.wait_for_arrivals(arrived + 1, 30, alive=lambda p=process: p.poll() is None)
            rng_wait = rng.uniform(0.0, 0.03)  # in the request, the ingest or the commit
            try:
                process.wait(rng_wait)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.communicate(timeout=30)
        finished = run_cli(["gaps", "--db", url, "--backfill", "-q"], mock.env())
        answered = sum(1 for r in mock.ledger.requests if r.status == 200) - answered_before
        uninterrupted = backfill(reference, base_url=mock.base_url, handle_signals=False, **mock.credentials())
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "variant,post_id,start,end,hours\n"
    assert kills >= 2
    # Each kill costs at most the request in flight; a committed range is never asked again.
    assert 4 <= answered <= 4 + kills
    assert uninterrupted.requests == 4
    assert stored(url) == stored(reference)
