"""Reading the file of post ids a collector polls, checked before any request.

The grammar is `x_engagement._ids`, the one `x-engagement fetch` reads too: one id per line, `#`
comments (whole or trailing), blank lines, CRLF, a UTF-8 byte order mark, post URLs read as their
id; `-` is standard input.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from x_engagement._ids import STDIN, parse_text
from x_engagement.collect.errors import CollectorError

POST_ID = re.compile(r"[0-9]{1,19}")


class IdsFileError(CollectorError):
    """The ids file cannot be read, or a line of it is not a post id (named with its line)."""


def read_ids(path: str | Path) -> list[str]:
    """The post ids of `path` (`-`: standard input) in file order, duplicates dropped."""
    if str(path) == STDIN:
        return parse_ids(sys.stdin.read(), "<stdin>")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise IdsFileError(f"cannot read the ids file {path}: {reason}") from None
    return parse_ids(text, str(path))


def parse_ids(text: str, where: str = "<ids>") -> list[str]:
    """The ids of `text` (see `read_ids`); `where` names the source in errors."""
    return _checked(
        parse_text(text, where), f"{where}: no post ids (one per line; # starts a comment)"
    )


def _checked(found: Iterable[tuple[str, str]], empty: str) -> list[str]:
    seen: dict[str, None] = {}
    for entry, place in found:
        if not POST_ID.fullmatch(entry):
            shown = entry if len(entry) <= 40 else entry[:40] + "..."
            raise IdsFileError(f"{place}: not a post id: {shown!r} (expected 1 to 19 digits)")
        seen.setdefault(entry, None)
    if not seen:
        raise IdsFileError(empty)
    return list(seen)


def checked_ids(ids: Sequence[str]) -> list[str]:
    """The ids of a library call, each checked, duplicates dropped (the first order kept)."""
    seen: dict[str, None] = {}
    for index, post_id in enumerate(ids, start=1):
        if not isinstance(post_id, str) or not POST_ID.fullmatch(post_id):
            raise IdsFileError(f"post id #{index} is not 1 to 19 digits: {post_id!r}")
        seen.setdefault(post_id, None)
    if not seen:
        raise IdsFileError("no post ids to poll")
    return list(seen)
