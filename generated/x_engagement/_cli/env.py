"""Where requests go and with what credentials: the environment `Client.from_env()` reads, plus
`--base-url` / X_API_BASE_URL. Credentials are only ever read from the environment, never from
an option, so they cannot land in shell history, `ps` or `--help`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from x_engagement._cli.exits import UsageError

if TYPE_CHECKING:
    from x_engagement.client import Client

# The same name as x_engagement._auth.ENV_BASE_URL (a test keeps them equal); repeated here so
# that `--help` does not import the client.
ENV_BASE_URL = "X_API_BASE_URL"
CREDENTIALS_HELP = """\
credentials come from the environment, as for Client.from_env(): X_BEARER_TOKEN (v2)
and/or X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET (OAuth 1.0a,
both variants); X_API_BASE_URL sends every request to another host (a mock, a proxy)."""


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--base-url",
        metavar="URL",
        help=f"send every request to this host, e.g. a mock (default: ${ENV_BASE_URL} if set, "
        "else each operation's own server)",
    )


def base_url(args: argparse.Namespace) -> str | None:
    """--base-url, else X_API_BASE_URL, checked: http(s)://host[:port][/path] without user info."""
    value: str | None = getattr(args, "base_url", None) or os.environ.get(ENV_BASE_URL) or None
    if value is None:
        return None
    where = "--base-url" if getattr(args, "base_url", None) else ENV_BASE_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{where}: expected http(s)://host[:port], got {value[:80]!r}")
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"{where}: user info in the URL is refused (credentials go in X_* variables)"
        )
    return value


# What one call may take, rate-limit waits left out (they are bounded by --max-wait and shown on
# the progress line): a trickling server holds a person at most this long per request.
DEFAULT_TIMEOUT = 120.0


def make_client(args: argparse.Namespace, sleep: Callable[[float], None], **kwargs: Any) -> Client:
    """A Client from the environment, to `base_url(args)`, sleeping through `sleep` (progress).

    A call may wait `--max-wait` seconds for a rate limit to reset (X's windows are 15 minutes);
    beyond those waits it has `--timeout` seconds (default 120), however slowly the server
    answers.
    """
    from x_engagement._retry import RetryPolicy
    from x_engagement.client import Client

    url = base_url(args)
    max_wait: float = getattr(args, "max_wait", 900.0)
    kwargs.setdefault(
        "retry", RetryPolicy(max_rate_limit_wait=max_wait, rate_limit_waits_extend_deadline=True)
    )
    kwargs.setdefault("deadline", getattr(args, "timeout", DEFAULT_TIMEOUT))
    try:
        return Client.from_env(base_url=url, sleep=sleep, **kwargs)
    except ValueError as error:  # a partial set of OAuth 1.0a variables: their names, no values
        raise UsageError(str(error)) from None
