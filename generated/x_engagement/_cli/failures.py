"""`x-engagement failures`: the rows polls could not store, as the server sent them (JSON Lines)."""

from __future__ import annotations

import argparse
import json
import sys

from x_engagement._cli import exits
from x_engagement._cli.collecting import add_db_argument, db_url, guarded, moment

HELP = "list the rows polls could not store (values beyond 64-bit, over-long names), JSON Lines"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--variant", choices=("v2", "enterprise"), help="only this variant")
    parser.add_argument(
        "--since", type=moment, metavar="TIME", help="only failures at or after TIME (ISO 8601)"
    )


def run(args: argparse.Namespace) -> int:
    return guarded(lambda: _list(args))


def _list(args: argparse.Namespace) -> int:
    from x_engagement.collect import connect, failures, open_engine, prepare, require_file

    engine = open_engine(db_url(args))
    count = 0
    try:
        require_file(engine)  # reading a missing SQLite file would create it, empty
        prepare(engine)
        with connect(engine) as connection:
            for failure in failures(connection, variant=args.variant, since=args.since):
                record = {
                    "variant": failure.variant,
                    "chunk_key": failure.chunk_key,
                    "post_ids": list(failure.post_ids),
                    "failed_at": failure.failed_at.isoformat().replace("+00:00", "Z"),
                    "reason": failure.reason,
                    "rows": failure.rows,
                }
                sys.stdout.write(json.dumps(record, ensure_ascii=True) + "\n")
                count += 1
    finally:
        engine.dispose()
    exits.say(f"{count} failure(s)")
    return exits.OK
