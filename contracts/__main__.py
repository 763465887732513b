"""`python -m contracts run [--base-url URL] [--junit FILE] [--max-examples N] [--live] ...`: the CI gate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import httpx

from contracts import drift_report, replay_report
from contracts.runner import Outcome, RunOptions, run
from contracts.settings import DEFAULT_MAX_EXAMPLES
from contracts.target import load_app
from contracts.watchdog import Limits

DEFAULTS = Limits()

EXIT_CODES = """\
exit codes:
  0    conforms: every check passed (skips allowed)
  1    nonconformant: at least one check failed
  2    usage error: a bad option, --base-url or --app
  3    the suite itself broke (a collection error, an internal error)
  4    target unreachable: connection refused, host name not resolved, TLS handshake failed
  5    target unresponsive: --max-timeouts requests in a row got no answer, or --deadline passed
  6    credentials refused: every operation answered a valid signed request with 401/403 (a setup
       error: the line names the variables the credentials came from, never their values)
  130  interrupted
"""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _base_url(text: str) -> str:
    """An http(s) URL with a host; user info is refused (the suite signs with its own credentials)."""
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise argparse.ArgumentTypeError(f"not a URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise argparse.ArgumentTypeError(f"expected http://host[:port] or https://..., got {text!r}")
    if url.userinfo:
        raise argparse.ArgumentTypeError("leave credentials out of the URL (they would be printed)")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m contracts", description="Contract suite of the X engagement spec.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser(
        "run", help="run the suite; exit 0 only when everything conforms", epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    run_parser.add_argument(
        "--base-url", type=_base_url, help="test the server at this URL (default: the mock, in-process)"
    )
    run_parser.add_argument("--app", help="test this ASGI app in-process instead (module:attribute)")
    run_parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    run_parser.add_argument(
        "--max-examples", type=_count, default=DEFAULT_MAX_EXAMPLES, help="schemathesis examples per operation and mode"
    )
    run_parser.add_argument("--live", action="store_true", help="also test the live API (needs the X_* variables)")
    run_parser.add_argument(
        "--timeout", type=_seconds, default=DEFAULTS.timeout, metavar="SECONDS",
        help=f"per request to a URL or the live API (default {DEFAULTS.timeout:g}; connecting at most 5)",
    )  # fmt: skip
    run_parser.add_argument(
        "--deadline", type=_seconds, default=DEFAULTS.deadline, metavar="SECONDS",
        help=f"for the whole run; then it stops with the partial table, exit 5 (default {DEFAULTS.deadline:g})",
    )  # fmt: skip
    run_parser.add_argument(
        "--max-timeouts", type=_count, default=DEFAULTS.max_timeouts, metavar="N",
        help=f"stop after N requests in a row got no answer, exit 5 (default {DEFAULTS.max_timeouts})",
    )  # fmt: skip
    run_parser.add_argument(
        "--strict", action="store_true", help="warnings (surplus data, an echo left out) fail the run too (exit 1)"
    )
    run_parser.add_argument("--verbose", action="store_true", help="list every test, with pytest's tracebacks")
    run_parser.add_argument(
        "--skip-target-independent", action="store_true",
        help="accepted for old scripts; a no-op: the target-independent property tests live in tests/ now",
    )  # fmt: skip
    drift_report.add_command(commands)
    replay_report.add_command(commands)
    return parser


def report(outcome: Outcome) -> None:
    """Each failure once, why tests were skipped, the table, and the result line."""
    if outcome.suite_errors:
        print("\nthe suite itself failed:")
        print("\n".join(outcome.suite_errors))
    lines = outcome.ledger.failure_report()
    if lines:
        print(f"\nfailures ({outcome.ledger.failed_count()}; the first few of each check):")
        print("\n".join(lines))
    warnings = outcome.ledger.warning_report()
    if warnings:
        print(f"\nwarnings ({outcome.ledger.warning_count()}; the first few of each check):")
        print("\n".join(warnings))
    if not outcome.live:
        print("\nlive: not asked for (pass --live, with the X_* variables set, to test the live API too)")
    if outcome.skips:
        print("\nskipped:")
        for reason, count in sorted(outcome.skips.items()):
            print(f"  {count} test{'s' if count != 1 else ''}: {reason}")
    print("\ncontract summary (per operation and check)")
    print(outcome.ledger.summary())


def result_line(outcome: Outcome) -> str:
    if outcome.verdict is not None:
        return f"result: {outcome.verdict.message} (exit {outcome.code})"
    warned = outcome.ledger.warning_count()
    if outcome.code == 0:
        return f"result: CONFORMS ({warned} warnings; --strict fails on them)" if warned else "result: CONFORMS"
    if outcome.code == 1:
        if outcome.ledger.ok and warned:
            return f"result: NONCONFORMANT (exit 1): {warned} warnings under --strict"
        return f"result: NONCONFORMANT (exit 1){f', and {warned} warnings' if warned else ''}"
    return f"result: NOT JUDGED (exit {outcome.code})"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "run":
        return int(args.handler(args))
    if args.app:
        try:
            load_app(args.app)
        except (ImportError, AttributeError, ValueError) as exc:
            parser.error(f"--app {args.app}: cannot load it ({type(exc).__name__}: {exc})")
    outcome = run(
        RunOptions(
            base_url=args.base_url, app=args.app, junit=args.junit,
            max_examples=args.max_examples, live=args.live, strict=args.strict, quiet=not args.verbose,
            limits=Limits(args.timeout, args.deadline, args.max_timeouts),
        )
    )  # fmt: skip
    if outcome.suite_ran:  # else the probe found no target: its verdict is the whole story
        report(outcome)
        print()
    print(result_line(outcome))
    return outcome.code


if __name__ == "__main__":
    sys.exit(main())
