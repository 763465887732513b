"""Exit codes and the messages that go with them: what went wrong, on stderr, never a traceback.

0 ok; 1 an API or data error (status, problem type and detail printed), or the output could not
be written (a full disk: the partial file is removed); 2 usage or invalid input (each
InvalidRequest line printed, before any request); 130 interrupted (Ctrl-C), 143 terminated
(SIGTERM), each after writing the whole rows already fetched; 141 the reader of stdout left
(`x-engagement fetch ... | head`: quiet, as git and coreutils end on SIGPIPE). No message carries a credential: errors here print the server's
problem fields and the request's operation, never headers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

OK = 0
API_ERROR = 1
USAGE = 2
INTERRUPTED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `git log | head`
TERMINATED = 143  # 128 + SIGTERM

PROG = "x-engagement"


class UsageError(Exception):
    """Input the command line itself refuses (a bad id in a file, a bad URL): exit 2."""


class OutputError(Exception):
    """The rows could not be written (a full disk, /dev/full): exit 1, one line."""


def quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if c != 0x0A}


def printable(text: str) -> str:
    """`text` with every control character (an escape sequence's ESC, a carriage return, a tab)
    shown as `\\xNN`: a server's problem title cannot repaint or hide lines of the terminal."""
    return text.translate(_CONTROLS)


def one_line(text: object) -> str:
    """Server data for one line: control characters and newlines escaped."""
    return printable(str(text)).replace("\n", "\\x0a")


def say(message: str, stream: TextIO | None = None) -> None:
    """A message on stderr, its first line prefixed with the program's name; control characters
    escaped (the message may carry server data)."""
    print(f"{PROG}: {printable(message)}", file=stream or sys.stderr, flush=True)


def say_lines(lines: list[str]) -> None:
    """A message of several lines: the first prefixed, the others (indented details) as they are."""
    say("\n".join(lines))


def error_lines(error: BaseException) -> list[str]:
    """What a person needs to act on `error`: for an API error its status, problem type and detail."""
    from x_engagement import errors

    if isinstance(error, errors.InvalidRequest):
        return [f"invalid request ({error.operation}):", *(f"  - {p}" for p in error.problems)]
    if isinstance(error, errors.ApiError):
        lines = [f"API error: HTTP {error.status} from {error.operation}"]
        if isinstance(error, errors.RateLimited):
            lines[0] += _reset_note(error.reset_at)
        if error.problem is not None:
            problem = error.problem
            lines.append(f"  type: {one_line(getattr(problem, 'type', None) or 'about:blank')}")
            lines.append(f"  title: {one_line(getattr(problem, 'title', ''))}")
            detail = getattr(problem, "detail", None)
            if isinstance(detail, str) and detail:
                lines.append(f"  detail: {one_line(detail)}")
        lines.extend(f"  error: {one_line(message)}" for message in error.errors)
        if error.error is not None:
            lines.append(f"  error: {one_line(error.error.code)}: {one_line(error.error.message)}")
        if len(lines) == 1:
            lines.append(f"  detail: {error}")
        return lines
    if isinstance(error, errors.MissingCredentials):
        return [f"no credentials: {error}"]  # the message names the variables to set
    if isinstance(error, errors.TransportError):
        return [f"no response from {_host(error.request.url)}: {error}"]
    if isinstance(error, errors.XEngagementError):
        return [f"{type(error).__name__}: {error}"]
    return [f"{type(error).__name__}: {error}"]


def _host(url: str) -> str:
    """host[:port] of a request's URL (never its query, which names the posts)."""
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url[:60]


def _reset_note(reset_at: datetime | None) -> str:
    """When a rate limit's window reopens, in UTC: the time to try again."""
    if reset_at is None:
        return " (rate limit; the reset time was not sent)"
    when = reset_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f" (rate limit; resets at {when})"


def exit_code(error: BaseException) -> int:
    from x_engagement import errors

    if isinstance(error, UsageError | errors.InvalidRequest | errors.MissingCredentials):
        return USAGE
    return API_ERROR


def guarded(run: Callable[[], int]) -> int:
    """Run a subcommand; every error this package raises becomes its message and exit code."""
    try:
        return run()
    except KeyboardInterrupt:
        say("interrupted")
        return INTERRUPTED
    except BrokenPipeError:  # `x-engagement fetch ... | head`: the reader left; no traceback
        quiet_stdout()
        return BROKEN_PIPE
    except OutputError as error:
        quiet_stdout()
        say(str(error))
        return API_ERROR
    except UsageError as error:
        say(str(error))
        return USAGE
    except Exception as error:
        from x_engagement.errors import XEngagementError

        if not isinstance(error, XEngagementError):
            raise
        say_lines(error_lines(error))
        return exit_code(error)
