"""`x-engagement db upgrade`: create the collector's tables, or migrate them to this version."""

from __future__ import annotations

import argparse

from x_engagement._cli import exits
from x_engagement._cli.collecting import add_db_argument, db_url, guarded

HELP = "the collector's database: `db upgrade` creates or migrates its schema"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(title="actions", metavar="ACTION", dest="db_action")
    upgrade = sub.add_parser(
        "upgrade",
        help="create the tables, or migrate them to this x-engagement's schema version",
        description="Create the collector's tables, or migrate them to this version's schema "
        "(Alembic). A database at a newer version is refused, untouched.",
    )
    add_db_argument(upgrade)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "db_action", None) != "upgrade":
        exits.say("db: give an action: x-engagement db upgrade --db URL")
        return exits.USAGE
    return guarded(lambda: _upgrade(args))


def _upgrade(args: argparse.Namespace) -> int:
    from x_engagement.collect.database import safe_url, upgrade

    url = db_url(args)
    revision = upgrade(url)
    exits.say(f"{safe_url(url)} is at schema version {revision}")
    return exits.OK
