"""`python -m contracts run [--base-url URL] [--junit FILE] [--max-examples N] [--live]`: the CI gate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contracts import drift_report, replay_report
from contracts.runner import RunOptions, run
from contracts.suite.conftest import DEFAULT_MAX_EXAMPLES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts", description="Contract suite of the X engagement spec.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the suite; exit 0 only when everything conforms")
    run_parser.add_argument("--base-url", help="test the server at this URL (default: the mock, in-process)")
    run_parser.add_argument("--app", help="test this ASGI app in-process instead (module:attribute)")
    run_parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    run_parser.add_argument(
        "--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES, help="schemathesis examples per operation and mode"
    )
    run_parser.add_argument("--live", action="store_true", help="also test the live API (needs the X_* variables)")
    run_parser.add_argument("--verbose", action="store_true", help="list every test")
    run_parser.add_argument(
        "--skip-target-independent", action="store_true",
        help="leave out the property tests of the generated code, which do not depend on the target",
    )  # fmt: skip
    drift_report.add_command(commands)
    replay_report.add_command(commands)
    args = parser.parse_args(argv)
    if args.command != "run":
        return int(args.handler(args))
    code, ledger = run(
        RunOptions(
            base_url=args.base_url, app=args.app, junit=args.junit,
            max_examples=args.max_examples, live=args.live, quiet=not args.verbose,
            pytest_extra=("-k", "not test_models") if args.skip_target_independent else (),
        )
    )  # fmt: skip
    print("\ncontract summary (per operation and check)")
    print(ledger.summary())
    print("\nresult:", "CONFORMS" if code == 0 else f"NONCONFORMANT (exit {code})")
    return code


if __name__ == "__main__":
    sys.exit(main())
