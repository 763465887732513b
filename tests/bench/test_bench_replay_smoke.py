"""The replay benchmark runs on tiny sizes and yields a sane figure: `make bench` cannot rot unseen."""

from __future__ import annotations

import math

import pytest

from benchmarks import bench_replay
from benchmarks.harness import Settings

pytestmark = pytest.mark.slow


def test_replay_benchmark_yields_a_positive_ratio_and_rates() -> None:
    (row,) = bench_replay.run(Settings(rounds=1, quick=True))
    assert row.ratio is not None and math.isfinite(row.ratio) and row.ratio > 0
    assert "exchanges: replay" in row.note
