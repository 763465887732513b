"""Rows out: `--format table|csv|jsonl|parquet`, `--output FILE` (stdout by default).

The default is a human table when stdout is a terminal and CSV otherwise. CSV, JSON Lines and
Parquet come from `x_engagement.table`, so the command line writes exactly what the library does;
`x_engagement._cli.sink` writes them chunk by chunk.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from x_engagement._cli.exits import UsageError

FORMATS = ("table", "csv", "jsonl", "parquet")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument(
        "--format",
        choices=FORMATS,
        help="default: table on a terminal, csv otherwise (parquet needs the 'arrow' extra)",
    )
    group.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (default: stdout)"
    )


def chosen_format(args: argparse.Namespace, stdout: TextIO | None = None) -> str:
    """The format to write, decided before any request so a bad choice costs nothing."""
    stdout = stdout or sys.stdout
    fmt: str | None = args.format
    if fmt is None:
        fmt = "table" if args.output is None and stdout.isatty() else "csv"
    if fmt == "parquet" and args.output is None and stdout.isatty():
        raise UsageError("--format parquet is binary: give --output FILE or redirect stdout")
    return fmt
