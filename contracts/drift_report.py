"""`python -m contracts drift`: the drift report on stdout, as JSON and as Markdown, and its exit code.

Exit codes: 0 no difference, 1 at least one breaking difference, 3 additive differences only,
2 usage error or an upstream document that cannot be fetched or read.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from contracts.drift import DriftReport, apply_baseline, compare, load_upstream
from contracts.spec import SPEC_PATH, document
from contracts.upstream import DEADLINE, MAX_BYTES, Limits, UpstreamError
from generator.errors import SpecError

EXIT_USAGE = 2


def as_json(report: DriftReport) -> dict[str, Any]:
    return {
        "upstream": report.upstream,
        "exit_code": report.exit_code,
        "compared": report.compared,
        "not_covered_by_upstream": [asdict(n) for n in report.not_covered],
        "findings": [asdict(f) for f in report.findings],
        "known": [asdict(f) for f in report.known],
    }


def _verdict(report: DriftReport) -> str:
    return {0: "NO DRIFT", 1: "BREAKING DRIFT", 3: "ADDITIVE DRIFT ONLY"}[report.exit_code]


def as_text(report: DriftReport) -> str:
    lines = [
        f"drift: our spec against {report.upstream}",
        f"compared: {', '.join(report.compared) or '(none)'}",
    ]
    for item in report.not_covered:
        lines.append(f"not covered by upstream: {item.operation} (served by {', '.join(item.servers)})")
    for finding in report.known:
        lines.append(f"KNOWN     {finding.operation}: {finding.kind}: {finding.message} (in the baseline)")
    for finding in report.findings:
        lines.append(
            f"{finding.severity.upper():<8}  {finding.operation}: {finding.kind}: {finding.message}\n"
            f"          ours: {finding.ours or '(absent)'}  upstream: {finding.upstream or '(absent)'}"
        )
    breaking = len(report.breaking)
    counts = f"{breaking} breaking, {len(report.findings) - breaking} additive, {len(report.known)} known"
    lines.append(f"result: {_verdict(report)} ({counts})")
    return "\n".join(lines)


def _cell(text: str | None) -> str:
    return "(absent)" if text is None else "`" + text.replace("|", "\\|") + "`"


def as_markdown(report: DriftReport) -> str:
    """A pull-request comment: verdict, then one table row per finding."""
    breaking = len(report.breaking)
    lines = [
        f"### API drift: {_verdict(report)}",
        "",
        f"Our spec against `{report.upstream}`: {breaking} breaking, {len(report.findings) - breaking} additive.",
        "",
    ]
    if report.not_covered:
        names = ", ".join(f"`{n.operation}`" for n in report.not_covered)
        lines += [
            f"Not covered by upstream (not in that document's servers): {names}.",
            "",
        ]
    if report.known:
        lines += [f"{len(report.known)} known finding(s) from the baseline are not counted.", ""]
    if report.findings:
        lines += [
            "| severity | operation | change | ours | upstream |",
            "|---|---|---|---|---|",
        ]
        for f in report.findings:
            message = f.message.replace("|", "\\|")
            lines.append(
                f"| {f.severity} | `{f.operation}` | {f.kind}: {message} | {_cell(f.ours)} | {_cell(f.upstream)} |"
            )
    return "\n".join(lines) + "\n"


def add_command(commands: Any) -> None:
    """Register `drift` on the `python -m contracts` subcommands."""
    parser = commands.add_parser(
        "drift",
        help="compare our spec with X's published OpenAPI document (exit 0 none, 1 breaking, 3 additive, 2 unreadable)",
    )
    parser.add_argument(
        "--upstream",
        required=True,
        help="path or http(s) URL of the upstream openapi.json",
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=DEADLINE,
        help=f"seconds to receive the whole upstream document (default {DEADLINE:g}); larger than {MAX_BYTES:,} bytes is refused",
    )
    parser.add_argument(
        "--baseline", type=Path, help="a reviewed earlier --json report: its findings are shown as known, not counted"
    )
    parser.add_argument(
        "--spec",
        type=Path,
        default=SPEC_PATH,
        help="our spec (default: spec/openapi.yaml)",
    )
    parser.add_argument("--json", type=Path, dest="json_file", help="also write the report as JSON here")
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write the report as Markdown here (a PR comment)",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    try:
        upstream = load_upstream(args.upstream, Limits(deadline=args.deadline))
    except UpstreamError as exc:
        print(f"drift: cannot read the upstream document: {exc}", file=sys.stderr)
        return EXIT_USAGE
    accepted: list[dict[str, Any]] = []
    if args.baseline:
        try:
            accepted = list(json.loads(args.baseline.read_text(encoding="utf-8"))["findings"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"drift: cannot read the baseline {args.baseline}: {exc!r}", file=sys.stderr)
            return EXIT_USAGE
    try:
        ours = document(args.spec)
    except SpecError as exc:
        print(f"drift: cannot read our spec {args.spec}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = compare(ours, upstream, args.upstream)
    except SpecError as exc:  # a reference cycle or one pointing at nothing, in either document
        print(f"drift: cannot compare with {args.upstream}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    apply_baseline(report, accepted)
    print(as_text(report))
    if args.json_file:
        args.json_file.parent.mkdir(parents=True, exist_ok=True)
        args.json_file.write_text(json.dumps(as_json(report), indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(as_markdown(report), encoding="utf-8")
    return report.exit_code
