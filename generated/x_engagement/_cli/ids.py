"""Post ids from arguments, files (`--ids-file`) or stdin (`-`), in the grammar of `x_engagement._ids`
(one per line, `#` comments, post URLs read as their id), the same the collector reads.

Each id is checked against the spec's pattern here, so a bad one is named by where it came from
(`ids.txt:3`) before any request; duplicates are dropped (a list of posts, not of requests).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from x_engagement._cli.exits import UsageError
from x_engagement._ids import STDIN, parse, post_id

MAX_LISTED = 20


def add_id_arguments(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help=f"post ids or post URLs ({help_text}); `-` reads them from stdin, one per line",
    )
    parser.add_argument(
        "--ids-file",
        action="append",
        default=[],
        metavar="FILE",
        help="read post ids (or post URLs) from FILE, one per line; `#` starts a comment; "
        "`-` is stdin (repeatable)",
    )


def _sources(args: argparse.Namespace, stdin: TextIO) -> Iterator[tuple[str, str]]:
    for position, value in enumerate(args.ids, start=1):
        if value == STDIN:
            yield from parse(stdin, "<stdin>")
        else:
            yield post_id(value.strip()), f"argument {position}"
    for path in args.ids_file:
        if path == STDIN:
            yield from parse(stdin, "<stdin>")
            continue
        try:
            with open(path, encoding="utf-8") as stream:
                yield from list(parse(stream, path))
        except OSError as error:
            raise UsageError(f"--ids-file {path}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise UsageError(f"--ids-file {path}: not UTF-8 text") from None


def check_ids(found: Iterable[tuple[str, str]], pattern: str | None) -> list[str]:
    """The ids in order, duplicates dropped; a UsageError naming every bad one and its place."""
    matcher = re.compile(pattern) if pattern else None
    ids: dict[str, None] = {}
    problems: list[str] = []
    for value, where in found:
        if matcher is not None and not matcher.fullmatch(value):
            problems.append(f"{where}: {value[:40]!r} is not a post id (expected {pattern})")
        else:
            ids.setdefault(value, None)
    if problems:
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(f"... and {len(problems) - MAX_LISTED} more")
        raise UsageError("invalid post ids:\n" + "\n".join(f"  - {p}" for p in listed))
    if not ids:
        raise UsageError(
            "no post ids given: pass them as arguments, with --ids-file, or `-` for stdin"
        )
    return list(ids)


def read_ids(
    args: argparse.Namespace, pattern: str | None, stdin: TextIO | None = None
) -> list[str]:
    return check_ids(_sources(args, stdin or sys.stdin), pattern)
