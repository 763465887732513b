"""Wall time of one `make test` (drift check, mypy --strict, the whole suite): opt-in, it is slow."""

from __future__ import annotations

import subprocess
import time

from benchmarks.harness import ROOT, Result, Settings


def run(settings: Settings) -> list[Result]:
    start = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", "test"], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    lines = done.stdout.strip().splitlines() or ["(no output)"]
    tail = next((line for line in reversed(lines) if " passed" in line or " failed" in line), lines[-1])
    return [
        Result(
            name="`make test` wall time (once)",
            baseline="-",
            ratio=elapsed if done.returncode == 0 else None,
            target=300.0,  # the bound: five minutes
            unit="s",
            candidate_median=elapsed,
            scale="s",
            note=f"exit {done.returncode}: {tail}" + ("" if done.returncode == 0 else "; not a valid figure"),
        )
    ]
