"""What the package's public surface costs to import beyond its dependencies, in a fresh interpreter.

`import x_engagement` alone is lazy (PEP 562: names load on first use, so the command line starts
fast); `from x_engagement import *` loads every exported name, which is what a program using
the client pays, so that is what is timed.

"Dependencies" are every module the import pulls in that is not x_engagement itself (httpx,
msgspec, oauthlib, jsonschema-rs and the standard library modules they and we use): a child
process lists them, then each measuring process imports them first and times only our import.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from benchmarks.harness import Result, Settings, child_environment

LIST_DEPENDENCIES = """
import json, sys
before = set(sys.modules)
from x_engagement import *
print(json.dumps([m for m in sys.modules if m not in before and m.split(".")[0] != "x_engagement"]))
"""

TIME_IMPORT = """
import importlib, sys, time
for name in {preload!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass
start = time.perf_counter()
from x_engagement import *
print((time.perf_counter() - start) * 1000)
"""


def dependencies() -> list[str]:
    """Modules `import x_engagement` loads that are not ours, in the order they were loaded."""
    done = subprocess.run(
        [sys.executable, "-c", LIST_DEPENDENCIES],
        capture_output=True,
        text=True,
        check=True,
        env=child_environment(),
    )
    return list(json.loads(done.stdout))


def import_ms(preload: list[str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", TIME_IMPORT.format(preload=preload)],
        capture_output=True,
        text=True,
        check=True,
        env=child_environment(),
    )
    return float(done.stdout)


def run(settings: Settings) -> list[Result]:
    preload = dependencies()  # also writes the bytecode cache
    rounds = max(1, 2 * settings.rounds)  # fresh processes are cheap and noisy: take more
    own, whole = [], []
    for _ in range(rounds):
        own.append(import_ms(preload))
        whole.append(import_ms([]))
    return [
        Result(
            name="`from x_engagement import *`, beyond its dependencies",
            baseline="deps pre-imported",
            ratio=statistics.median(own),
            target=30.0,
            unit="ms",
            candidate_median=statistics.median(own),
            note=f"{len(preload)} dependency modules pre-imported; median of {rounds} fresh processes",
        ),
        Result(
            name="`from x_engagement import *`, dependencies included",
            baseline="fresh process",
            ratio=statistics.median(whole),
            target=None,
            unit="ms",
            candidate_median=statistics.median(whole),
        ),
    ]
