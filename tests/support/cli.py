"""`x-engagement` run in this process: `x_engagement._cli.main.main(argv)` with the user's environment
set through monkeypatch and stdout/stderr read through capsys.

The console script is `sys.exit(main())`, so an in-process run exercises the same parser, commands
and exit codes; what only a real process shows (signals, the entry point, a pipe's reader leaving,
a real stdout) stays in the tests marked `subprocess`.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

import pytest

from x_engagement._cli.main import main


@dataclass(frozen=True)
class Run:
    """What a run left: the fields of `subprocess.CompletedProcess` the tests read."""

    returncode: int
    stdout: str
    stderr: str


class Cli(Protocol):
    """The `cli` fixture (tests/conftest.py): one in-process run of the command line."""

    def __call__(self, args: Sequence[str], env: Mapping[str, str], stdin: str | None = None) -> Run: ...


def run_in_process(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: Sequence[str],
    env: Mapping[str, str],
    stdin: str | None = None,
) -> Run:
    """Run the command line with exactly the X_* variables of `env` set (the others removed, as a
    user's clean shell has them) and `stdin` as its standard input."""
    for name in list(os.environ):
        if name.startswith("X_") and name not in env:
            monkeypatch.delenv(name)
    for name, value in env.items():
        if name.startswith("X_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    capsys.readouterr()
    with logging_restored():
        code = main(list(args))
    out, err = capsys.readouterr()
    return Run(code, out, err)


@contextmanager
def logging_restored() -> Iterator[None]:
    """The collector commands point the `x_engagement` logger at this run's stderr (and quieten
    the HTTP libraries), as a process does once; the next test gets the loggers as they were."""
    package = logging.getLogger("x_engagement")
    handlers, level, propagate = list(package.handlers), package.level, package.propagate
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "alembic")}
    try:
        yield
    finally:
        package.handlers[:] = handlers
        package.setLevel(level)
        package.propagate = propagate
        for name, before in quiet.items():
            logging.getLogger(name).setLevel(before)
