"""Credentials of a collector call: those passed, the rest from the environment.

`collect(...)`, `backfill(...)` and the dlt source take them as `Client.from_env()` does when they
are not passed, so `collect(url, ids, variant="both", bearer_token=...)` finds the OAuth 1.0a
variables the error about them names.
"""

from __future__ import annotations

from x_engagement._auth import BearerToken, OAuth1, with_env_defaults
from x_engagement.collect.errors import CollectorError


def resolved(
    bearer_token: str | BearerToken | None, oauth1: OAuth1 | None, base_url: str | None
) -> tuple[str | BearerToken | None, OAuth1 | None, str | None]:
    """(bearer token, OAuth 1.0a, base URL): passed, else from the environment; one line if the
    environment holds a partial OAuth 1.0a set."""
    try:
        return with_env_defaults(bearer_token, oauth1, base_url)
    except ValueError as error:  # names the missing variables, never a value
        raise CollectorError(str(error)) from None
