"""What the collector's subcommands (collect, db, gaps, export) share: the database option, the
logging set-up and the translation of collector errors into one line and an exit code.

The database URL may carry a password: take it from $X_ENGAGEMENT_DB rather than the command line
(where `ps` and shell history see it); either way it is shown nowhere (`safe_url` masks it).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from x_engagement._cli import exits

if TYPE_CHECKING:
    from x_engagement._auth import BearerToken, OAuth1

ENV_DB = "X_ENGAGEMENT_DB"
DB_HELP = (
    f"database: a file path (SQLite), sqlite:///path/to/file.db or postgresql://user@host/db "
    f"(default: ${ENV_DB}; put a password there rather than on the command line)"
)
_DURATION = re.compile(r"(?:[0-9]+[smhd])+")
_PART = re.compile(r"([0-9]+)([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)


def db_url(args: argparse.Namespace) -> str:
    url: str | None = args.db or os.environ.get(ENV_DB)
    if not url:
        raise exits.UsageError(f"no database: give --db URL or set ${ENV_DB}")
    if args.db:
        _warn_typed_password(args.db)
    return url


def _warn_typed_password(url: str) -> None:
    """One line when a password is on the command line, where `ps` and shell history see it."""
    try:
        from x_engagement.collect.database import has_password
    except ImportError:  # without the extra the command says so itself
        return
    if has_password(url):
        exits.say(
            f"warning: --db carries a password, visible to `ps` and shell history: put the URL "
            f"in ${ENV_DB} or the password in ~/.pgpass"
        )


def duration(text: str) -> timedelta:
    """`90s`, `15m`, `1h`, `1d`, or several of them: `1h30m`, `1d12h` (argparse type)."""
    compact = text.strip().lower()
    seconds = 0
    if _DURATION.fullmatch(compact):
        seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(compact))
    if seconds == 0:
        raise argparse.ArgumentTypeError(
            f"expected a duration like 15m, 1h, 1h30m or 1d, got {text!r}"
        )
    return timedelta(seconds=seconds)


def moment(text: str) -> datetime:
    """An ISO 8601 date or time (argparse type); without a zone it is UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO 8601 time like 2026-11-01T10:00Z, got {text!r}"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def api_credentials() -> tuple[BearerToken | None, OAuth1 | None]:
    """(bearer token, OAuth 1.0a credentials) from the environment, as `Client.from_env()`."""
    from x_engagement._auth import credentials_from_env

    try:
        return credentials_from_env()
    except ValueError as error:  # names the missing variables, never a value
        raise exits.UsageError(str(error)) from None


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log each chunk, not only cycles and waits"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="log only warnings and errors")


def setup_logging(args: argparse.Namespace) -> None:
    """Log lines on stderr with the time; HTTP libraries stay quiet (their lines carry URLs)."""
    level = logging.INFO
    if getattr(args, "verbose", False):
        level = logging.DEBUG
    if getattr(args, "quiet", False):
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter(f"%(asctime)s {exits.PROG}: %(message)s", "%Y-%m-%dT%H:%M:%S%z")
    )
    root = logging.getLogger("x_engagement")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    for noisy in ("httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def guarded(run: Callable[[], int]) -> int:
    """Run a collector subcommand: a `CollectorError` is one line on stderr and exit 1 (2 for input
    the command refuses); a missing extra says which one to install."""
    from x_engagement.collect.errors import CollectorError  # the standard library only

    try:
        return run()
    except ImportError as error:
        if "collect" in str(error) or "sqlalchemy" in str(error).lower():
            exits.say(
                "the collector needs the 'collect' extra: pip install 'x-engagement[collect]'"
            )
            return exits.USAGE
        if "psycopg" in str(error):
            exits.say("PostgreSQL needs the 'postgres' extra: pip install 'x-engagement[postgres]'")
            return exits.USAGE
        raise
    except CollectorError as error:
        from x_engagement.collect.ids import IdsFileError

        exits.say(_one_line(str(error)))
        return exits.USAGE if isinstance(error, IdsFileError) else exits.API_ERROR
    except exits.UsageError as error:
        exits.say(str(error))
        return exits.USAGE
    except Exception as error:
        line = _database_error(error)
        if line is None:
            raise
        exits.say(line)
        return exits.API_ERROR
    except KeyboardInterrupt:
        exits.say("interrupted")
        return exits.INTERRUPTED


def _database_error(error: Exception) -> str | None:
    """One line for a database the driver could not reach or use (a host that does not resolve,
    a refused connection): the driver's own first line, never the URL (it may hold a password)."""
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is None or not isinstance(error, exc.DBAPIError):
        return None
    original = getattr(error, "orig", None) or error
    first = (str(original).strip().splitlines() or [type(original).__name__])[0]
    return f"database error: {_one_line(first)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
