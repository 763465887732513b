"""`x-engagement access`: which operations the credentials in the environment reach.

One cheap request per operation of the spec (`x_engagement.access.probe`), then a table: the
operation, its subcommand and variant, whether it answers, refuses (401/403/404, with X's problem
type), is unreachable, fails otherwise, or was not asked (no credentials of its kind). Exit 0 when
at least one source answers, 1 when none does, 2 for bad input. No credential is ever printed.
"""

from __future__ import annotations

import argparse

from x_engagement._cli import exits
from x_engagement._cli.env import add_connection_arguments, base_url

HELP = (
    "probe each operation once with the credentials in the environment: which answer, which "
    "refuse, which are unreachable (exit 0 when at least one answers)"
)
COLUMNS = ("operation", "command", "variant", "outcome", "status", "detail")


def configure(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from x_engagement._retry import RetryPolicy
    from x_engagement.access import PROBE_DEADLINE, probe, works
    from x_engagement.client import Client

    target = base_url(args)
    try:
        client = Client.from_env(
            base_url=target, retry=RetryPolicy.disabled(), deadline=PROBE_DEADLINE
        )
    except ValueError as error:  # a partial set of OAuth 1.0a variables: their names only
        raise exits.UsageError(str(error)) from None
    with client:
        probes = probe(client=client)
    rows = [
        (p.operation, p.command, p.variant, p.outcome, "" if p.status is None else str(p.status),
         p.detail)
        for p in probes
    ]  # fmt: skip
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(COLUMNS[:-1])]
    for row in (COLUMNS, *rows):
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)) + "  " + row[-1])
    answering = sorted({p.variant for p in probes if p.outcome == "answers"})
    exits.say(f"sources answering: {', '.join(answering)}" if answering else "no source answers")
    return exits.OK if works(probes) else exits.API_ERROR
