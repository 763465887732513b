"""The arguments every fetching subcommand shares, added in one call."""

from __future__ import annotations

import argparse

from x_engagement._cli.env import add_connection_arguments
from x_engagement._cli.output import add_output_arguments
from x_engagement._cli.progress import add_progress_argument

DEFAULT_CONCURRENCY = 4
DEFAULT_MAX_WAIT = 900.0  # X's v2 windows are 15 minutes: one full window
DEFAULT_TIMEOUT = 120.0  # the same as x_engagement._cli.env.DEFAULT_TIMEOUT (kept light for --help)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return value


def add_fetching_arguments(parser: argparse.ArgumentParser) -> None:
    """Output, connection, progress and concurrency: what fetch and each operation take."""
    add_output_arguments(parser)
    add_connection_arguments(parser)
    group = parser.add_argument_group("requests")
    group.add_argument(
        "--concurrency",
        type=positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help="requests in flight at once (default: %(default)s)",
    )
    group.add_argument(
        "--max-wait",
        type=positive_float,
        default=DEFAULT_MAX_WAIT,
        metavar="SECONDS",
        help="wait at most this long for a rate limit to reset before giving up (default: %(default)s)",
    )
    group.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="give up on a request after this long, rate-limit waits not counted: a slow or "
        "trickling server holds you no longer (default: %(default)s)",
    )
    add_progress_argument(group)
