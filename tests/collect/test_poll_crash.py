"""SIGKILL the real collector at random moments of a simulated 3-day run; nothing committed is lost.

Four polls a day apart (0, 24, 48, 72 h: the mock's clock moves, no real waiting; the 28-hour
window overlaps the last poll), 12 posts in 12 chunks of both variants. In each cycle the collector
is killed five times when its k-th request arrives (k of 1 or 2 from a seeded generator, plus a few
milliseconds so the kill lands in the request, the ingest or the commit), sometimes once more while
it starts up, then run to the end. An uninterrupted
collector polls the same mock at the same moments into a second database: both must hold exactly
the same observations and revisions, and both must match the mock's ground truth.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.collect.pollcheck import check_against_truth, stored
from tests.collect.pollmock import cli, poll_mock
from x_engagement.collect import collect, upgrade

pytestmark = pytest.mark.subprocess

SEED = 1123
IDS = [str(5000 + n) for n in range(12)]
T0 = datetime(2026, 11, 2, 0, 20, tzinfo=UTC)
STEP = timedelta(hours=24)
CYCLES = 4  # 0 h to 72 h
CHUNK = 2  # 6 chunks per variant, 12 requests per cycle


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    url, reference = (f"sqlite:///{tmp_path / name}" for name in ("crash.db", "reference.db"))
    upgrade(url)
    upgrade(reference)
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("# posts\n" + "\n".join(IDS) + "\n")
    rng = random.Random(SEED)
    command = cli("collect", "--db", url, "--ids-file", str(ids_file), "--variant", "both", "--once",
                  "--chunk-size", str(CHUNK))  # fmt: skip
    kills = 0
    times = []
    with poll_mock(T0, latency=0.01) as mock:
        env = mock.env()
        for _cycle in range(CYCLES):
            answered_before = sum(1 for r in mock.ledger.requests if r.status == 200)
            cycle_kills = 0
            plan = ["request"] * 5 + (["startup"] if rng.random() < 0.5 else [])
            rng.shuffle(plan)
            for where in plan:
                arrived = mock.ledger.arrived
                process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                if where == "startup":
                    time.sleep(rng.uniform(0.05, 0.5))
                else:
                    k = rng.randint(1, 2)  # five kills commit at most 10 of the 12 chunks
                    mock.ledger.wait_for_arrivals(arrived + k, 30, alive=lambda p=process: p.poll() is None)
                    time.sleep(rng.uniform(0.0, 0.03))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    cycle_kills += 1
                process.communicate(timeout=30)
            finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
            assert finished.returncode == 0, finished.stderr
            assert "Traceback" not in finished.stderr
            answered = sum(1 for r in mock.ledger.requests if r.status == 200) - answered_before
            # A restart continues where the killed run stopped: each kill costs at most the one
            # request that was in flight, never a chunk that was already committed.
            assert 12 <= answered <= 12 + cycle_kills
            kills += cycle_kills
            collect(reference, IDS, variant="both", base_url=mock.base_url, chunk_size=CHUNK,
                    handle_signals=False, **mock.credentials())  # fmt: skip
            times.append(mock.clock.now)
            mock.clock.advance(STEP)
    assert kills >= 20
    assert stored(url) == stored(reference)
    assert check_against_truth(url, IDS, times, ("v2", "enterprise")) > 0
