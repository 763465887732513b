"""`x-engagement gaps`: the hours a collector never saw, because polling lapsed over 28 hours."""

from __future__ import annotations

import argparse
import sys

from x_engagement._cli import exits
from x_engagement._cli.collecting import add_db_argument, db_url, guarded

HELP = "list the hours never observed for a post (polling lapsed longer than 28 hours)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--variant", choices=("v2", "enterprise"), help="only this variant")
    parser.add_argument(
        "--ids", metavar="ID[,ID...]", help="only these posts (comma-separated)", default=None
    )


def run(args: argparse.Namespace) -> int:
    return guarded(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from x_engagement.collect import check_schema, connect, gaps, open_engine
    from x_engagement.collect.ids import parse_ids

    url = db_url(args)
    ids = parse_ids(args.ids.replace(",", "\n"), "--ids") if args.ids else None
    engine = open_engine(url)
    out = sys.stdout
    count = 0
    try:
        with connect(engine) as connection:
            check_schema(connection)
            out.write("variant,post_id,start,end,hours\n")
            for gap in gaps(connection, variant=args.variant, post_ids=ids):
                start, end = (m.isoformat().replace("+00:00", "Z") for m in (gap.start, gap.end))
                out.write(f"{gap.variant},{gap.post_id},{start},{end},{gap.hours}\n")
                count += 1
    finally:
        engine.dispose()
    exits.say(f"{count} gap(s)")
    return exits.OK
