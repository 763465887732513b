"""`python -m contracts replay FILE`: recorded traffic judged by the suite's checks, reported like `run`.

Exit codes: 0 every matched exchange conforms, 1 a check failed (NONCONFORMANT), 2 usage error,
an unreadable recording, or no exchange that matches an operation of the spec.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from contracts import junit
from contracts.ledger import Ledger
from contracts.replay import ReplayInputError, ReplayResult, read_exchanges, replay

EXIT_INPUT = 2


def write_junit(ledger: Ledger, path: Path) -> None:
    """One test case per operation and check; a failed one carries the first failure messages."""
    suite = ElementTree.Element("testsuite", name="contracts-replay")
    failed = 0
    for (operation, check), tally in sorted(ledger.tallies.items()):
        case = ElementTree.SubElement(suite, "testcase", classname=f"replay.{operation}", name=check)
        if tally.failed:
            failed += 1
            failure = ElementTree.SubElement(
                case,
                "failure",
                message=f"{tally.failed} of {tally.passed + tally.failed}",
            )
            failure.text = "\n".join(tally.failures)
    suite.set("tests", str(len(ledger.tallies)))
    suite.set("failures", str(failed))
    path.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def report(result: ReplayResult) -> str:
    lines = [f"replayed: {result.matched} matched, {result.unmatched} unmatched (skipped)"]
    lines += [f"unmatched (skipped): {item}" for item in result.unmatched_listed]
    if result.unmatched > len(result.unmatched_listed):
        lines.append(f"unmatched (skipped): ... and {result.unmatched - len(result.unmatched_listed)} more")
    lines += ["", "contract summary (per operation and check)", result.ledger.summary()]
    failures = [
        f"{op}: {check}: {message}" for (op, check), tally in sorted(result.ledger.tallies.items())
        for message in tally.failures
    ]  # fmt: skip
    if failures:
        lines += ["", "failures (the first few per operation and check):", *failures]
    warned = result.ledger.warning_count()
    if warned:
        lines += ["", f"warnings ({warned}; the first few per operation and check):", *result.ledger.warning_report()]
    if result.exit_code == 2:
        verdict = "NOTHING TO CHECK (no exchange matched an operation of the spec; exit 2)"
    elif result.exit_code == 0:
        verdict = f"CONFORMS ({warned} warnings; --strict fails on them)" if warned else "CONFORMS"
    else:
        verdict = f"NONCONFORMANT (exit {result.exit_code})" + (f", {warned} warnings" if warned else "")
    lines += ["", f"result: {verdict}"]
    return "\n".join(lines)


def add_command(commands: Any) -> None:
    """Register `replay` on the `python -m contracts` subcommands."""
    parser = commands.add_parser(
        "replay",
        help="check recorded traffic (HAR or JSON Lines) against the spec (exit 0 conforms, 1 not, 2 input)",
    )
    parser.add_argument("file", type=Path, help="a HAR file or the client recorder's JSON Lines")
    parser.add_argument(
        "--format",
        choices=("auto", "har", "jsonl"),
        default="auto",
        help="default: by extension",
    )
    parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    parser.add_argument("--strict", action="store_true", help="warnings fail the replay too (exit 1)")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    try:
        result = replay(read_exchanges(args.file, args.format), strict=args.strict)
    except ReplayInputError as exc:
        print(f"replay: cannot read the recording: {exc}", file=sys.stderr)
        return EXIT_INPUT
    print(report(result))
    if args.junit:
        write_junit(result.ledger, args.junit)
        junit.add_warnings(args.junit, result.ledger, args.strict)
    return result.exit_code
