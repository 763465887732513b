"""`x-engagement gaps`: the hours a collector never saw, because polling lapsed over 28 hours;
with `--backfill`, fetched from the historical endpoints where the user has them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from x_engagement._cli import exits
from x_engagement._cli.collecting import (
    add_db_argument,
    add_verbosity,
    api_credentials,
    db_url,
    guarded,
    setup_logging,
)
from x_engagement._cli.env import add_connection_arguments, base_url

if TYPE_CHECKING:
    from x_engagement.collect.gaps import Gap

HELP = (
    "list the hours never observed for a post (polling lapsed longer than 28 hours); "
    "--backfill fetches them from the historical endpoints"
)
HEADER = "variant,post_id,start,end,hours\n"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument(
        "--variant", choices=("v2", "enterprise", "analytics"), help="only this variant"
    )
    parser.add_argument(
        "--ids", metavar="ID[,ID...]", help="only these posts (comma-separated)", default=None
    )
    parser.add_argument(
        "--backfill",
        action="store_true",
        help="fetch the missing hours from the historical endpoints (if your access includes "
        "them), then list the gaps still open",
    )
    add_connection_arguments(parser)
    add_verbosity(parser)


def run(args: argparse.Namespace) -> int:
    return guarded(lambda: _backfill(args) if args.backfill else _list(args))


def _ids(args: argparse.Namespace) -> list[str] | None:
    from x_engagement.collect.ids import parse_ids

    return parse_ids(args.ids.replace(",", "\n"), "--ids") if args.ids else None


def _list(args: argparse.Namespace) -> int:
    from x_engagement.collect import connect, gaps, open_engine, prepare, require_file

    url = db_url(args)
    ids = _ids(args)
    engine = open_engine(url)
    try:
        require_file(engine)  # reading a missing SQLite file would create it, empty
        prepare(engine)
        with connect(engine) as connection:
            count = _write(gaps(connection, variant=args.variant, post_ids=ids))
    finally:
        engine.dispose()
    exits.say(f"{count} gap(s)")
    return exits.OK


def _backfill(args: argparse.Namespace) -> int:
    from x_engagement.collect import open_engine, require_file
    from x_engagement.collect.backfill import backfill

    setup_logging(args)
    url = db_url(args)
    ids = _ids(args)
    engine = open_engine(url)
    try:
        require_file(engine)  # a missing SQLite file has no gaps to fill: a wrong path
    finally:
        engine.dispose()
    bearer, oauth1 = api_credentials()
    stats = backfill(
        url,
        variant=args.variant,
        post_ids=ids,
        bearer_token=bearer,
        oauth1=oauth1,
        base_url=base_url(args),
    )
    _write(stats.remaining)
    hours = sum(gap.hours for gap in stats.remaining)
    left = f"{len(stats.remaining)} gap(s) ({hours} hour(s)) still open, listed on stdout"
    if stats.refused is not None:
        exits.say(f"{stats.refused}; {left}")
        return exits.API_ERROR
    if stats.stopped_by == "SIGINT":
        exits.say(f"interrupted; {left}")
        return exits.INTERRUPTED
    summary = (
        f"backfilled {stats.new} new and {stats.revised} revised value(s) "
        f"in {stats.requests} request(s)"
        if stats.requests or stats.failed
        else "nothing to ask for"
    )
    if stats.no_data:
        empty = sum(gap.hours for gap in stats.no_data)
        summary += f"; {len(stats.no_data)} gap(s) ({empty} hour(s)) the API has no data for"
    if stats.failed:
        exits.say(f"{summary}; {stats.failed} request(s) failed, first: {stats.errors[0]}; {left}")
        return exits.API_ERROR
    exits.say(f"{summary}; {left}")
    return exits.OK


def _write(found: Iterable[Gap]) -> int:
    """The gaps as CSV on stdout; a full stdout is one line (OutputError), a closed pipe quiet."""
    out = sys.stdout
    count = 0
    try:
        out.write(HEADER)
        for gap in found:
            start, end = (m.isoformat().replace("+00:00", "Z") for m in (gap.start, gap.end))
            out.write(f"{gap.variant},{gap.post_id},{start},{end},{gap.hours}\n")
            count += 1
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise exits.OutputError(f"cannot write stdout: {error.strerror or error}") from None
    return count
