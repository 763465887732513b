"""One collector per SQLite database: an exclusive lock on a file next to it.

SQLite has no `SKIP LOCKED`, so two collectors on one file would poll the same chunks; the second
one is refused with an error that says so. The kernel drops the lock when its process dies, even
by SIGKILL, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from x_engagement.collect.errors import CollectorError


class CollectorRunning(CollectorError):
    """Another collector already polls into this SQLite database."""


class SqliteLock:
    """Held from `acquire()` to `release()` (or the end of the process)."""

    def __init__(self, database: str) -> None:
        self.path = Path(f"{database}.collector-lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise CollectorError(
                f"cannot create the collector's lock file {self.path}: {exc.strerror}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise CollectorRunning(
                f"another collector is already running on the SQLite database {self.path.parent}"
                f"/{self.path.name.removesuffix('.collector-lock')}: SQLite takes one collector "
                "at a time (use PostgreSQL for several)"
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
