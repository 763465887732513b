"""Three real collector processes on one PostgreSQL database split the chunks between them."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.collect.pollcheck import stored
from tests.collect.pollmock import cli, poll_mock
from tests.support.postgres import PostgresServer
from x_engagement.collect import collect, upgrade

pytestmark = pytest.mark.subprocess

IDS = [str(8100 + n) for n in range(16)]
T0 = datetime(2026, 11, 3, 5, 10, tzinfo=UTC)
CHUNK = 2  # 8 chunks per variant


def test_three_collectors_poll_each_chunk_once_per_cycle(postgres: PostgresServer, tmp_path: Path) -> None:
    url = postgres.create_database("poll_three")
    reference = postgres.create_database("poll_one")
    upgrade(url)
    upgrade(reference)
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("\n".join(IDS) + "\n")
    command = cli("collect", "--db", url, "--ids-file", str(ids_file), "--variant", "both", "--once",
                  "--chunk-size", str(CHUNK))  # fmt: skip
    busy = 0
    # The single collector polls a twin mock (same clock, no latency), at the same moments.
    with poll_mock(T0, latency=0.1) as mock, poll_mock(T0) as twin:
        env = mock.env()
        for _cycle in range(2):
            before = len(mock.ledger.requests)
            processes = [
                subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(3)
            ]
            outputs = [process.communicate(timeout=90) for process in processes]
            assert [p.returncode for p in processes] == [0, 0, 0], outputs
            requests = mock.ledger.requests[before:]
            chunks = [(r.variant, r.post_ids) for r in requests]
            assert {r.status for r in requests} == {200}
            assert len(chunks) == 16 and len(set(chunks)) == 16  # every chunk once, none twice
            for _out, err in outputs:
                polled = sum(int(n) for n in re.findall(r"(\d+) chunks polled by this collector", err))
                busy += polled > 0
            collect(reference, IDS, variant="both", base_url=twin.base_url, chunk_size=CHUNK,
                    handle_signals=False, **twin.credentials())  # fmt: skip
            mock.clock.advance(timedelta(hours=1))
            twin.clock.advance(timedelta(hours=1))
    assert busy >= 4  # the work was really shared: at least two collectors polled in each cycle
    assert stored(url) == stored(reference)
