"""`python -m benchmarks.profiling`: where a cold `python -m generator` spends its time (pyinstrument).

The generation row is the one that misses its target; this prints the profile the README's
explanation is read from, so anyone can check it again after a generator change.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_generate import environment
from benchmarks.harness import ROOT

BIN = Path(sys.executable).parent


def command(output: str, report: str | None = None) -> list[str]:
    """pyinstrument around a cold generator run; the text report to `report` or stdout."""
    argv = [str(BIN / "pyinstrument"), "-r", "text"]
    if report is not None:
        argv += ["-o", report]
    return [*argv, "-m", "generator", "--output", output]


def main() -> int:
    if not (BIN / "pyinstrument").exists():
        print("pyinstrument is not installed: run `make bench` once (it installs the bench extra)")
        return 1
    with tempfile.TemporaryDirectory(prefix="x-engagement-profile-") as tmp:
        # a first run writes the bytecode caches, as the benchmark's warm-up does
        subprocess.run(command(f"{tmp}/warm", f"{tmp}/warm.txt"), cwd=ROOT, env=environment())
        return subprocess.run(command(f"{tmp}/out"), cwd=ROOT, env=environment()).returncode


if __name__ == "__main__":
    sys.exit(main())
