"""`x-engagement export`: the stored history as rows (CSV, JSON Lines or Parquet), streamed."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from x_engagement._cli import exits
from x_engagement._cli.collecting import add_db_argument, db_url, guarded, moment

if TYPE_CHECKING:
    from x_engagement.table import Row

HELP = "write the collected history as rows: csv, jsonl or parquet"
FORMATS = ("csv", "jsonl", "parquet")


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument(
        "--since", type=moment, metavar="TIME", help="buckets starting at or after TIME (UTC)"
    )
    parser.add_argument(
        "--until", type=moment, metavar="TIME", help="buckets starting before TIME (UTC)"
    )
    parser.add_argument("--ids", metavar="ID[,ID...]", help="only these posts (comma-separated)")
    parser.add_argument("--variant", choices=("v2", "enterprise"), help="only this variant")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="default: %(default)s")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (parquet: required)"
    )


def run(args: argparse.Namespace) -> int:
    return guarded(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from x_engagement._cli.sink import opened
    from x_engagement.collect import connect, export, open_engine, prepare, require_file
    from x_engagement.collect.ids import parse_ids

    if args.format == "parquet" and args.output is None:
        raise exits.UsageError("--format parquet is binary: give --output FILE")
    url = db_url(args)
    ids = parse_ids(args.ids.replace(",", "\n"), "--ids") if args.ids else None
    engine = open_engine(url)
    try:
        # the output is opened (a missing directory refused) before the database is read; a
        # failed write removes the partial file (x_engagement._cli.sink)
        require_file(engine)  # reading a missing SQLite file would create it, empty
        with opened(args.format, args.output) as sink:
            prepare(engine)
            with connect(engine) as connection:
                rows = export(
                    connection, since=args.since, until=args.until, ids=ids, variant=args.variant
                )
                for chunk in _chunks(rows):
                    sink.write(chunk)
            sink.close()
    finally:
        engine.dispose()
    exits.say(f"{sink.written} row(s) written")
    return exits.OK


def _chunks(rows: Iterable[Row], size: int = 10_000) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
