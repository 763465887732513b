"""The one grammar of a list of post ids, read by `x-engagement fetch` and the collector alike.

One id per line; `#` starts a comment (a whole line or the rest of one: `20  # launch post`);
blank lines, CRLF line ends and a UTF-8 byte order mark are fine; a post's URL
(`https://x.com/user/status/20`, twitter.com too) reads as its id. Checking an id against the
spec's pattern is left to the caller, which names the place (`ids.txt:3`) in its own error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

STDIN = "-"  # the name of standard input, as a file argument
BOM = "\ufeff"
COMMENT = "#"
# https://x.com/<user>/status/<id>, twitter.com, mobile./www., /i/web/status/<id>, a query after it
_POST_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/(?:[A-Za-z0-9_]{1,50}|i/web|i)"
    r"/status(?:es)?/([0-9]+)(?:[/?].*)?",
    re.IGNORECASE,
)


def post_id(token: str) -> str:
    """The id a token names: the token itself, or the id of a post URL."""
    match = _POST_URL.fullmatch(token)
    return match.group(1) if match else token


def entry(line: str) -> str:
    """What one line holds, comment and surrounding space removed ('' when nothing)."""
    return line.split(COMMENT, 1)[0].strip().removeprefix(BOM).strip()


def parse(lines: Iterable[str], source: str) -> Iterator[tuple[str, str]]:
    """(id or unreadable token, `source:line`) for each line of `lines` that holds something."""
    for number, line in enumerate(lines, start=1):
        text = entry(line)
        if text:
            yield post_id(text), f"{source}:{number}"


def parse_text(text: str, source: str) -> Iterator[tuple[str, str]]:
    """`parse` over a whole text (`\\n`, `\\r\\n` or `\\r` line ends)."""
    return parse(text.splitlines(), source)
