"""Rows out: `--format table|csv|jsonl|parquet`, `--output FILE` (stdout by default).

The default is a human table when stdout is a terminal and CSV otherwise. CSV, JSON Lines and
Parquet come from `x_engagement.table`, so the command line writes exactly what the library does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from x_engagement._cli.exits import UsageError

if TYPE_CHECKING:
    from x_engagement.table import Row

FORMATS = ("table", "csv", "jsonl", "parquet")
TABLE_COLUMNS = ("post_id", "variant", "metric", "granularity", "start", "value")


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


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def format_table(rows: Sequence[Row]) -> str:
    """Aligned columns for a person; the machine formats carry every column."""
    cells = [TABLE_COLUMNS] + [
        tuple(_cell(getattr(row, name)) for name in TABLE_COLUMNS) for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    right = TABLE_COLUMNS.index("value")
    lines = [
        "  ".join(
            cell.rjust(widths[i]) if i == right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ).rstrip()
        for line in cells
    ]
    return "\n".join(lines) + "\n"


def write_rows(rows: Sequence[Row], fmt: str, output: str | None) -> int:
    """Write `rows` in `fmt` to `output` (a path) or stdout; the number of rows written."""
    from x_engagement import table

    if fmt == "parquet":
        table.write_parquet(rows, output if output is not None else sys.stdout.buffer)
        return len(rows)
    if output is None:
        return _write_text(rows, fmt, sys.stdout)
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            return _write_text(rows, fmt, stream)
    except OSError as error:
        raise UsageError(f"--output {output}: {error.strerror or error}") from None


def _write_text(rows: Sequence[Row], fmt: str, stream: TextIO) -> int:
    from x_engagement import table

    if fmt == "table":
        stream.write(format_table(rows))
        count = len(rows)
    elif fmt == "csv":
        count = table.write_csv(rows, stream)
    else:
        count = table.write_jsonl(rows, stream)
    stream.flush()
    return count
