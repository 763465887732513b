"""Exit codes and the messages that go with them: what went wrong, on stderr, never a traceback.

0 ok; 1 an API or data error (status, problem type and detail printed); 2 usage or invalid input
(each InvalidRequest line printed, before any request); 130 interrupted (Ctrl-C), after writing
what was already fetched. No message carries a credential: errors here print the server's
problem fields and the request's operation, never headers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

OK = 0
API_ERROR = 1
USAGE = 2
INTERRUPTED = 130

PROG = "x-engagement"


class UsageError(Exception):
    """Input the command line itself refuses (a bad id in a file, a bad URL): exit 2."""


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
        return [f"no response: {error}"]
    if isinstance(error, errors.XEngagementError):
        return [f"{type(error).__name__}: {error}"]
    return [f"{type(error).__name__}: {error}"]


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
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush cannot fail
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
