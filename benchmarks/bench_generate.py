"""Cold, whole-process generation from spec/openapi.yaml: ours vs openapi-python-client and
openapi-generator (python), each into a fresh temporary directory, rounds rotated among the three.

Each tool runs as a user would run it, with its own formatting step (ours and
openapi-python-client both call ruff); the venv's bin directory leads PATH so they find it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import (
    ROOT,
    Result,
    Settings,
    child_environment,
    pair_of,
    ratio_row,
    rotated,
    unavailable,
)

SPEC = ROOT / "spec" / "openapi.yaml"
BIN = Path(sys.executable).parent
OURS = "cold `python -m generator --output <tmp>` (whole process)"


def commands(output: Path) -> dict[str, list[str]]:
    return {
        "ours": [sys.executable, "-m", "generator", "--output", str(output)],
        "openapi-python-client 0.29.1": [
            str(BIN / "openapi-python-client"), "generate", "--path", str(SPEC),
            "--output-path", str(output),
        ],
        "openapi-generator (python)": [
            str(BIN / "openapi-generator-cli"), "generate", "-i", str(SPEC), "-g", "python",
            "-o", str(output),
        ],
    }  # fmt: skip


def environment() -> dict[str, str]:
    env = child_environment()
    return {**env, "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}"}


def timed_process(argv: list[str]) -> float:
    """Wall seconds of one whole process, which must succeed."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited {done.returncode}: {(done.stderr or done.stdout)[-400:]}")
    return elapsed


def runner(name: str, scratch: Path, failures: dict[str, str]) -> Callable[[], float]:
    """A callable timing one cold run of `name` into a new directory under `scratch`.

    Our generator failing is a broken benchmark (raise); another tool failing makes its row
    n/a with the reason recorded in `failures` (NaN is returned for that round).
    """
    count = 0

    def once() -> float:
        nonlocal count
        count += 1
        target = scratch / f"{name.split()[0]}-{count}"
        try:
            elapsed = timed_process(commands(target)[name])
            if not any(target.rglob("*.py")):
                raise RuntimeError(f"wrote no Python files to {target}")
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            if name == "ours":
                raise
            failures.setdefault(name, f"{name} failed here: {exc}")
            return float("nan")
        return elapsed

    return once


def why_missing(name: str, argv: list[str]) -> str | None:
    """None when the tool can run here; otherwise the reason its row reads n/a."""
    if not Path(argv[0]).exists():
        return f"{name} is not installed (`make bench` installs the `bench` extra)"
    if name.startswith("openapi-generator") and shutil.which("java") is None:
        return "openapi-generator needs Java, and `java` is not on PATH"
    return None


def run(settings: Settings) -> list[Result]:
    missing: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="x-engagement-bench-gen-") as tmp:
        scratch = Path(tmp)
        actions: dict[str, Callable[[], float]] = {}
        for name, argv in commands(scratch).items():
            reason = why_missing(name, argv)
            if reason is None:
                actions[name] = runner(name, scratch, missing)
            else:
                missing[name] = reason
        if not settings.quick:
            for once in actions.values():
                once()  # warm-up: file caches, bytecode, the JVM's class data
        samples = rotated(actions, settings.rounds)
    rows = []
    for name, target in (
        ("openapi-python-client 0.29.1", 0.8),
        ("openapi-generator (python)", None),
    ):
        if name in missing:
            rows.append(unavailable(OURS, name, target, missing[name]))
            continue
        pair = pair_of(samples["ours"], samples[name])
        rows.append(
            ratio_row(
                OURS,
                name,
                pair,
                target,
                note=f"{len(samples['ours'])} rounds rotated among {len(samples)} tools",
            )
        )
    return rows
