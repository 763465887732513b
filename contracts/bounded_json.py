"""JSON from files we did not write, read within a depth and a size limit.

A recording is someone else's file: a HAR nested 20,000 deep made ijson's `items` (which builds
every event's dotted prefix, O(depth) each) take 1 GB for 40 KB, and `json.loads` of a line nested
200,000 deep raises RecursionError. Here depth is counted before anything deep is built, a HAR is
assembled from ijson's prefix-free `basic_parse` events, and the bytes read for one exchange are
capped, so memory and time stay proportional to the limits, not to the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import IO, Any

import ijson

MAX_DEPTH = 64  # a HAR entry nests about 6 deep, X's bodies about 10
MAX_EXCHANGE_BYTES = 128 * 1024 * 1024  # one JSON line or one HAR entry, bodies included


@dataclass(frozen=True)
class Limits:
    max_depth: int = MAX_DEPTH
    max_exchange_bytes: int = MAX_EXCHANGE_BYTES


DEFAULT_LIMITS = Limits()


class TooDeep(ValueError):
    """Nested deeper than the limit."""


class TooLarge(ValueError):
    """More bytes than the limit for one exchange."""


# --- depth of a JSON text already in memory ----------------------------------------------------

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 / -1 as signed bytes


def depth(text: bytes) -> int:
    """How deep the brackets of a JSON text nest, strings ignored; linear time, no recursion.

    On text that is not JSON (an unterminated string) it can only count too many, never too few.
    """
    brackets = _STRING.sub(b"", text).translate(_STEPS, _NOT_BRACKETS)
    return max(accumulate(memoryview(brackets).cast("b")), default=0)


def check_depth(text: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    found = depth(text)
    if found > limits.max_depth:
        raise TooDeep(f"nested {found} deep, more than the limit of {limits.max_depth}")


def loads(text: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """`json.loads` after the depth check (RecursionError stays a ValueError in any case)."""
    check_depth(text, limits)
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep(f"nested more than the limit of {limits.max_depth}") from None


def read_line(stream: IO[bytes], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The next line (b"" at the end), or TooLarge before more than the limit is held."""
    line = stream.readline(limits.max_exchange_bytes + 1)
    if len(line) > limits.max_exchange_bytes:
        raise TooLarge(f"the line is longer than the limit of {limits.max_exchange_bytes:,} bytes")
    return line


# --- a HAR's log.entries, streamed --------------------------------------------------------------


class _Metered:
    """A binary stream that refuses to read more than `limit` bytes past the last `mark()`."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream, self.limit, self.total, self.marked = stream, limit, 0, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size if size >= 0 else 65536)
        self.total += len(chunk)
        if self.total - self.marked > self.limit + 65536:  # ijson reads ahead one buffer
            raise TooLarge(f"one entry is larger than the limit of {self.limit:,} bytes")
        return chunk

    def mark(self) -> None:
        self.marked = self.total


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any] | None  # None outside the entry being built
    is_map: bool
    key: str = ""


@dataclass
class HarCursor:
    """Where the reader is: the entry being read (1-based) and the bytes read so far."""

    entry: int = 0
    offset: int = 0


def _at_an_entry(stack: list[_Frame]) -> bool:
    """True when the next value is an item of log.entries."""
    return (
        len(stack) == 3 and stack[0].is_map and stack[0].key == "log"
        and stack[1].is_map and stack[1].key == "entries" and not stack[2].is_map
    )  # fmt: skip


def _attach(stack: list[_Frame], value: Any) -> None:
    parent = stack[-1].container
    if isinstance(parent, dict):
        parent[stack[-1].key] = value
    elif isinstance(parent, list):
        parent.append(value)


def har_entries(stream: IO[bytes], cursor: HarCursor, limits: Limits = DEFAULT_LIMITS) -> Iterator[Any]:
    """Each item of `log.entries`, built one at a time; TooDeep or TooLarge as soon as one is.

    Everything outside the entries is only counted (depth), never built.
    """
    metered = _Metered(stream, limits.max_exchange_bytes)
    stack: list[_Frame] = []
    building = 0  # the stack height of the entry being built's root container, 0 if none
    cursor.entry = 1
    for event, value in ijson.basic_parse(metered, use_float=True):
        cursor.offset = metered.total
        if event == "map_key":
            stack[-1].key = value
        elif event in ("start_map", "start_array"):
            container: dict[str, Any] | list[Any] | None = None
            if building or _at_an_entry(stack):
                container = {} if event == "start_map" else []
                if building:
                    _attach(stack, container)
                else:
                    building = len(stack) + 1
            stack.append(_Frame(container, event == "start_map"))
            if len(stack) > limits.max_depth:
                raise TooDeep(f"nested more than the limit of {limits.max_depth}")
        elif event in ("end_map", "end_array"):
            frame = stack.pop()
            if building and len(stack) + 1 == building:
                building = 0
                yield frame.container
                cursor.entry += 1
                metered.mark()
        elif building:
            _attach(stack, value)
        elif _at_an_entry(stack):  # a scalar entry: the caller reports it
            yield value
            cursor.entry += 1
            metered.mark()
