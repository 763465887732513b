"""`python -m benchmarks`: run every benchmark and print one table (see benchmarks/README.md).

Exits 1 only when a benchmark itself broke; a MISS is a finding, not a failure.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from types import ModuleType

from benchmarks import (
    bench_analytics,
    bench_batch,
    bench_calls,
    bench_cli,
    bench_decode,
    bench_fetch_memory,
    bench_generate,
    bench_import,
    bench_make_test,
    bench_poll_memory,
    bench_replay,
    bench_rows,
    bench_store,
    bench_validate,
)
from benchmarks.harness import Result, Settings, unavailable
from benchmarks.report import header, table

BENCHMARKS: dict[str, ModuleType] = {
    "decode": bench_decode,
    "rows": bench_rows,
    "analytics": bench_analytics,
    "generate": bench_generate,
    "validate": bench_validate,
    "replay": bench_replay,
    "calls": bench_calls,
    "batch": bench_batch,
    "import": bench_import,
    "cli": bench_cli,
    "store": bench_store,
    "make-test": bench_make_test,
    "poll-memory": bench_poll_memory,
    "fetch-memory": bench_fetch_memory,
}
OPT_IN = {"make-test"}  # runs the whole test suite: only when asked for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per figure (median; default 5)")
    parser.add_argument("--quick", action="store_true", help="tiny workloads (a smoke run)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run just these")
    parser.add_argument("--make-test", action="store_true", help="also time one `make test`")
    args = parser.parse_args(argv)

    chosen = args.only or [name for name in BENCHMARKS if name not in OPT_IN]
    if args.make_test and "make-test" not in chosen:
        chosen.append("make-test")
    settings = Settings(rounds=args.rounds, quick=args.quick)
    print(header(), flush=True)
    results: list[Result] = []
    broken = False
    for name in chosen:
        started = time.perf_counter()
        print(f"... {name}", file=sys.stderr, flush=True)
        try:
            results.extend(BENCHMARKS[name].run(settings))
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            results.append(unavailable(name, "-", None, f"{name} broke: {type(exc).__name__}: {exc}"))
            broken = True
        print(f"    {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print(f"rounds: {settings.rounds} (median){', quick sizes' if settings.quick else ''}\n")
    print(table(results))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
