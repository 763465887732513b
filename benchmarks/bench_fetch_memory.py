"""Peak memory of `x-engagement fetch` of 200, 2,000 and 20,000 posts, every metric, hourly, CSV.

`fetch` writes each chunk's rows as they arrive, so its peak must not grow with the number of
posts (issue 20: 2,000 posts took 455 MB when every row was held to the end). Each figure is the
peak RSS (`ru_maxrss`) of the installed console script as a fresh child process, writing to
/dev/null (the 20,000-post CSV would be ~1 GB on disk). The server is the replay of one recorded
mock answer that `bench_poll_memory` uses, the request's ids written in (the mock itself would
take minutes to compute 14 million points; what is measured is the command line). Target: the
largest <= 150 MiB, and flat (the note gives largest / smallest).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_poll_memory import TOKEN, replay_server
from benchmarks.harness import ROOT, Result, Settings, child_environment

SCRIPT = Path(sys.executable).parent / "x-engagement"
TARGET_MB = 150.0

# Runs the command and prints its peak RSS in bytes: RUSAGE_CHILDREN of a process whose only child
# is the command is the command's own peak.
WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
if done.returncode != 0:
    sys.exit(done.stderr[-2000:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def peak_of_fetch(base_url: str, count: int) -> tuple[float, float]:
    """(peak RSS in bytes, seconds) of `x-engagement fetch` of `count` posts."""
    env = {k: v for k, v in child_environment().items() if not k.startswith("X_")}
    env["X_BEARER_TOKEN"] = TOKEN
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "ids.txt"
        listing.write_text("".join(f"{10**15 + n}\n" for n in range(count)), encoding="utf-8")
        command = [str(SCRIPT), "fetch", "--ids-file", str(listing), "--base-url", base_url]
        command += ["--format", "csv", "-o", "/dev/null", "--progress", "never"]
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", WRAPPER, *command],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
    return float(done.stdout.strip()), time.perf_counter() - started


def run(settings: Settings) -> list[Result]:
    sizes = (25, 100, 250) if settings.quick else (200, 2_000, 20_000)
    with replay_server() as base_url:
        figures = [peak_of_fetch(base_url, count) for count in sizes]
    peaks = [peak / 2**20 for peak, _ in figures]
    listed = ", ".join(
        f"{count:,}: {peak:.0f} MiB in {seconds:.0f} s"
        for count, peak, (_, seconds) in zip(sizes, peaks, figures, strict=True)
    )
    return [
        Result(
            name=f"peak RSS of `x-engagement fetch` of {sizes[-1]:,} posts, every metric",
            baseline=f"the same of {sizes[0]:,} posts",
            ratio=peaks[-1],
            target=TARGET_MB,
            unit="MiB",
            candidate_median=peaks[-1],
            baseline_median=peaks[0],
            scale="MiB",
            note=f"{peaks[-1] / peaks[0]:.2f}x the smallest (flat); v2 hourly CSV to /dev/null; {listed}",
        )
    ]
