"""What the database can hold, checked before it sees a row: a hostile answer fails its rows, not the run.

The columns are `value` BIGINT (64-bit signed), `metric` and `source_metric` VARCHAR(64),
`post_id` VARCHAR(19), all text UTF-8 without NUL (PostgreSQL refuses NUL in text; SQLite would
keep any of these, but both databases hold the same data). A value the API sends beyond these
(2**63 impressions, a 65-character metric name) is not an error of the collector: the row is
refused with a reason, and the caller keeps it elsewhere (`collect_failures`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
MAX_NAME = 64  # metric, source_metric
MAX_POST_ID = 19


@functools.lru_cache(maxsize=4096)
def bad_text(text: object, limit: int) -> str | None:
    """Why `text` cannot go into a text column of `limit` characters (None when it can)."""
    if not isinstance(text, str):
        return f"is not text: {type(text).__name__}"
    if len(text) > limit:
        return f"is longer than {limit} characters ({len(text)})"
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (a lone surrogate)"
    return None


def bad_value(value: object) -> str | None:
    """Why `value` cannot go into a BIGINT column (None when it can)."""
    if type(value) is not int:
        return f"is not an integer: {type(value).__name__}"
    if not INT64_MIN <= value <= INT64_MAX:
        return "is outside the 64-bit integer range the database stores"
    return None


def shown(text: object, limit: int = 40) -> str:
    """A server-sent string as it may appear in a message: escaped, at most `limit` characters."""
    quoted = ascii(text)
    return quoted if len(quoted) <= limit else f"{quoted[: limit - 3]}..."


def reason(row: Any) -> str | None:
    """Why `row` (a `table.Row` or any object with its fields) cannot be stored, or None."""
    where = f"{shown(row.post_id)} {shown(row.source_metric)} {row.start:%Y-%m-%dT%H:%MZ}"
    for name, limit in (
        ("post_id", MAX_POST_ID),
        ("metric", MAX_NAME),
        ("source_metric", MAX_NAME),
    ):
        why = bad_text(getattr(row, name), limit)
        if why is not None:
            return f"{where}: the {name} {why}"
    why = bad_value(row.value)
    if why is not None:
        return f"{where}: the value {shown(row.value, 30)} {why}"
    return None


def series_ok(key: tuple[str, str, str, str], values: list[Any], sources: Iterable[Any]) -> bool:
    """The fast check of one series (one post and metric): its key, its values' range, its names."""
    if bad_text(key[1], MAX_POST_ID) or bad_text(key[2], MAX_NAME):
        return False
    if any(bad_text(source, MAX_NAME) for source in set(sources)):
        return False
    try:
        return bool(INT64_MIN <= min(values) and max(values) <= INT64_MAX)
    except TypeError:  # something not a number among them
        return False


def rejected(rows: Iterable[Any]) -> list[tuple[Any, str]]:
    """Each row that cannot be stored, with why."""
    found = []
    for row in rows:
        why = reason(row)
        if why is not None:
            found.append((row, why))
    return found
