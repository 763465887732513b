"""`x-engagement --help` in a fresh process: the command line must start fast (target <= 200 ms).

Baseline: `python -c pass` in the same run, interleaved, so the figure can be read against the
interpreter's own start-up on this machine at this moment. The absolute time is the figure (a
person waits for it); the ratio is in the note.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Result, Settings, child_environment, interleaved

TARGET_MS = 200.0
SCRIPT = Path(sys.executable).parent / "x-engagement"


def _timed(command: list[str]) -> float:
    env = child_environment()
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def run(settings: Settings) -> list[Result]:
    if not SCRIPT.exists():
        return [
            Result(
                name="`x-engagement --help`, fresh process",
                baseline="python -c pass",
                ratio=None,
                target=TARGET_MS,
                note=f"{SCRIPT} is not installed (pip install -e ./generated)",
            )
        ]
    _timed([str(SCRIPT), "--help"])  # writes the bytecode cache, as a pip install would have
    rounds = max(3, 2 * settings.rounds)  # fresh processes are cheap and noisy: take more
    pair = interleaved(
        lambda: _timed([str(SCRIPT), "--help"]),
        lambda: _timed([sys.executable, "-c", "pass"]),
        rounds,
    )
    fetch_help = statistics.median(_timed([str(SCRIPT), "fetch", "--help"]) for _ in range(rounds))
    return [
        Result(
            name="`x-engagement --help`, fresh process",
            baseline="python -c pass",
            ratio=pair.candidate * 1000,
            target=TARGET_MS,
            unit="ms",
            candidate_median=pair.candidate * 1000,
            baseline_median=pair.baseline * 1000,
            note=f"{pair.ratio:.1f}x `python -c pass`; `fetch --help` {fetch_help * 1000:.0f} ms; "
            f"median of {rounds} interleaved rounds",
            samples=pair.candidate_samples,
        )
    ]
