"""`x-engagement collect`: poll the 28-hour window of a list of posts into a database, keeping history.

`--once` (the default) polls every post once and exits: run it from cron or a systemd timer.
`--every 1h` keeps polling, one cycle per period, until SIGTERM or SIGINT (it finishes the write
in progress first). Several collectors may share one PostgreSQL database; SQLite takes one.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from x_engagement._cli import exits
from x_engagement._cli.collecting import (
    add_db_argument,
    add_verbosity,
    api_credentials,
    db_url,
    duration,
    guarded,
    setup_logging,
)
from x_engagement._cli.env import add_connection_arguments, base_url

HELP = "poll posts' last 28 hours into SQLite or PostgreSQL, keeping history (resumable)"
VARIANTS = ("v2", "enterprise", "analytics", "both", "all")
MAX_CHUNK = 100  # post analytics; the 28-hour endpoints take 25 (collect() says so)
DEFAULT_CHUNK = 25


def _variant(text: str) -> str:
    names = [name.strip() for name in text.split(",")]
    if not all(name in VARIANTS for name in names):
        raise argparse.ArgumentTypeError(
            f"expected {', '.join(VARIANTS)} or a comma list, got {text!r}"
        )
    return ",".join(names)


def _overlap(text: str) -> timedelta:
    value = timedelta(0) if text.strip() in ("0", "0h") else duration(text)
    if value % timedelta(hours=1):
        raise argparse.ArgumentTypeError(f"expected whole hours (0h, 2h, 1d), got {text!r}")
    return value


def _chunk_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_CHUNK:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_CHUNK}, got {text!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument(
        "--ids-file",
        required=True,
        metavar="FILE",
        help="the posts to poll: one id (or post URL) per line, `#` starts a comment; "
        "`-` reads them from stdin",
    )
    parser.add_argument(
        "--variant",
        type=_variant,
        default="v2",
        metavar="VARIANT",
        help="which API: v2, enterprise, analytics (post analytics, asked by time range), a "
        "comma list, both (v2,enterprise) or all (default: %(default)s)",
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--once",
        action="store_true",
        help="poll the current cycle (one hour of server time) and exit (the default)",
    )
    when.add_argument(
        "--every",
        type=duration,
        metavar="PERIOD",
        help="keep polling, once per PERIOD (15m, 1h, 1h30m, 1d), until SIGTERM or SIGINT",
    )
    parser.add_argument(
        "--chunk-size",
        type=_chunk_size,
        default=DEFAULT_CHUNK,
        metavar="N",
        help="post ids per request, 1 to 25 (100 for analytics alone) (default: %(default)s)",
    )
    parser.add_argument(
        "--overlap",
        type=_overlap,
        default=timedelta(hours=2),
        metavar="HOURS",
        help="analytics: the hours before the last polled one asked again, for late revisions "
        "(default: 2h)",
    )
    add_connection_arguments(parser)
    add_verbosity(parser)


def run(args: argparse.Namespace) -> int:
    return guarded(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from x_engagement.collect.ids import read_ids
    from x_engagement.collect.poll import DEFAULT_PERIOD, collect

    setup_logging(args)
    url = db_url(args)
    ids = read_ids(args.ids_file)  # every line checked before the database or the API is touched
    target = base_url(args)
    bearer, oauth1 = api_credentials()
    stats = collect(
        url,
        ids,
        variant=args.variant,
        once=args.every is None,
        every=args.every or DEFAULT_PERIOD,
        bearer_token=bearer,
        oauth1=oauth1,
        base_url=target,
        chunk_size=args.chunk_size,
        overlap=args.overlap,
    )
    if stats.stopped_by == "SIGINT":
        return exits.INTERRUPTED
    if stats.failed_chunks:
        exits.say(
            f"{stats.failed_chunks} chunk(s) failed and stay due for the next run; "
            f"first: {stats.errors[0]}"
        )
    if stats.unstorable_rows:
        exits.say(
            f"{stats.unstorable_rows} row(s) in {stats.unstorable_chunks} chunk(s) could not be "
            "stored (the rest of those chunks was): see `x-engagement failures`"
        )
    return exits.API_ERROR if stats.failed_chunks or stats.unstorable_rows else exits.OK
