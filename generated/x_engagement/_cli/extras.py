"""Optional extras checked when the arguments are parsed: a command that needs one not installed
says which to install, in one line, exit 2, before anything is read, sent or written.

`importlib.util.find_spec` finds a module without importing it, so the check costs no import.
"""

from __future__ import annotations

import argparse
import importlib.util
import os

from x_engagement._cli.exits import UsageError

# (module, extra): what each hand-written command cannot run without.
COLLECTOR = (("sqlalchemy", "collect"), ("alembic", "collect"))
NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "collect": COLLECTOR,
    "db": COLLECTOR,
    "gaps": COLLECTOR,
    "export": COLLECTOR,
    "failures": COLLECTOR,
    "plot": (("matplotlib", "plot"),),
    "demo": (("matplotlib", "plot"),),
}
POSTGRES_SCHEMES = ("postgresql", "postgres")


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def needed(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The (module, extra) pairs these arguments need."""
    found = list(NEEDS.get(getattr(args, "command_name", ""), ()))
    if getattr(args, "format", None) == "parquet":
        found.append(("pyarrow", "arrow"))
    if found and found[0][1] == "collect":
        url = getattr(args, "db", None) or os.environ.get("X_ENGAGEMENT_DB") or ""
        if url.split(":", 1)[0].split("+", 1)[0] in POSTGRES_SCHEMES:
            found.append(("psycopg", "postgres"))
    return found


def check(args: argparse.Namespace) -> None:
    """UsageError naming the first extra missing: `pip install 'x-engagement[extra]'`."""
    for module, extra in needed(args):
        if not installed(module):
            what = getattr(args, "command_name", "this command")
            if module == "pyarrow":
                what = "--format parquet"
            elif module == "psycopg":
                what = "a PostgreSQL database"
            raise UsageError(
                f"{what} needs the '{extra}' extra ({module} is not installed): "
                f"pip install 'x-engagement[{extra}]'"
            )
