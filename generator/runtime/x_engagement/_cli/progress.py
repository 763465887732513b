"""A progress line on stderr for multi-request work: requests done / total, and any wait.

Shown when stderr is a terminal (`--progress auto`, the default), redrawn in place; `always`
prints it on a pipe too, one line per change (how the tests read it); `never` keeps quiet.
A wait for a rate limit names the time the window reopens, in UTC.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol, TextIO

MODES = ("auto", "always", "never")
WIDTH = 24


class ArgumentAdder(Protocol):
    """A parser or an argument group."""

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action: ...


def add_progress_argument(parser: ArgumentAdder) -> None:
    parser.add_argument(
        "--progress",
        choices=MODES,
        default="auto",
        help="progress on stderr: auto = only when stderr is a terminal",
    )


class Progress:
    """Thread-safe: batch chunks report from worker threads."""

    def __init__(
        self,
        stream: TextIO,
        enabled: bool,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._stream = stream
        self.enabled = enabled
        self._redraw = enabled and stream.isatty()
        self._clock = clock
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0
        self._label = "requests"
        self._waits: dict[int, str] = {}
        self._shown = ""

    @classmethod
    def from_args(cls, args: argparse.Namespace, stream: TextIO | None = None) -> Progress:
        stream = stream or sys.stderr
        mode = getattr(args, "progress", "auto")
        return cls(stream, mode == "always" or (mode == "auto" and stream.isatty()))

    def start(self, total: int, label: str = "requests") -> None:
        with self._lock:
            self._done, self._total, self._label = 0, total, label
            self._draw()

    def update(self, done: int) -> None:
        with self._lock:
            self._done = done
            self._draw()

    def waiting(self, seconds: float, reason: str, *, rate_limited: bool) -> None:
        """A worker is about to sleep `seconds`; for a rate limit, say when the window reopens."""
        if rate_limited:
            reset = datetime.fromtimestamp(self._clock() + seconds, UTC).strftime("%H:%M:%S")
            text = f"waiting {seconds:.0f} s for the rate limit ({reason}); resets at {reset} UTC"
        else:
            text = f"retrying in {seconds:.1f} s ({reason})"
        with self._lock:
            self._waits[threading.get_ident()] = text
            self._draw()

    def waited(self) -> None:
        with self._lock:
            self._waits.pop(threading.get_ident(), None)
            self._draw()

    def close(self) -> None:
        with self._lock:
            if self._redraw and self._shown:
                self._stream.write("\n")
                self._stream.flush()
            self._shown = ""

    def _draw(self) -> None:
        if not self.enabled or self._total <= 1 and not self._waits:
            return
        filled = WIDTH * self._done // max(self._total, 1)
        bar = "#" * filled + "." * (WIDTH - filled)
        line = f"x-engagement: [{bar}] {self._done}/{self._total} {self._label}"
        if self._waits:
            line += " | " + next(iter(self._waits.values()))
        if line == self._shown:
            return
        self._shown = line
        self._stream.write(f"\r{line}\x1b[K" if self._redraw else line + "\n")
        self._stream.flush()
