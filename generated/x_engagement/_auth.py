"""Credentials for both variants; their reprs never show a secret."""

from __future__ import annotations

import contextvars
import importlib
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol, cast

import httpx

# oauthlib ships no type information (its stubs are a separate package, types-oauthlib), so a
# plain `from oauthlib import ...` fails `mypy --strict` for anyone who installs this package.
# It is imported as a module object instead and used through the typed OAuth1Signer below.
_oauth1 = importlib.import_module("oauthlib.oauth1")

ENV_BEARER_TOKEN = "X_BEARER_TOKEN"
ENV_BASE_URL = "X_API_BASE_URL"  # Client.from_env: every operation to this host (a mock, a proxy)


_SIGNING_LOGGER = "oauthlib.oauth1.rfc5849"
_signing: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "x_engagement_signing", default=False
)


class _DropOurSigningDebug(logging.Filter):
    """oauthlib logs the access token and the signature base string at DEBUG while signing.

    Only records emitted while this package signs are dropped (a context variable marks them),
    so other users of oauthlib in the same process keep their debug logs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG or not _signing.get()


_FILTER = _DropOurSigningDebug()


@contextmanager
def _quiet_signing() -> Iterator[None]:
    """Within: oauthlib's debug records of this thread or task are dropped (none at import)."""
    logger = logging.getLogger(_SIGNING_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    token = _signing.set(True)
    try:
        yield
    finally:
        _signing.reset(token)


ENV_OAUTH1 = ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")


class Secret:
    """A string that only `reveal()` gives back; repr, str and format show a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError("a secret must be a non-empty string")
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("secrets are not picklable")


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


class BearerToken:
    """OAuth 2.0 user-context access token (v2 only)."""

    __slots__ = ("token",)
    scheme = "OAuth2UserToken"

    def __init__(self, token: str | Secret) -> None:
        self.token = _secret(token)

    def __repr__(self) -> str:
        return f"BearerToken(token={self.token!r})"

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = f"Bearer {self.token.reveal()}"


class OAuth1Signer(Protocol):
    """The part of `oauthlib.oauth1.Client` this package uses: signs a request, returns (uri, headers, body)."""

    def sign(
        self,
        uri: str,
        http_method: str = "GET",
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[str, dict[str, str], str | None]: ...


class OAuth1:
    """OAuth 1.0a user context, HMAC-SHA1, signed by oauthlib.

    Query parameters are part of the signature; JSON bodies are not (no oauth_body_hash),
    which is how X and its own clients sign.
    """

    __slots__ = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
    scheme = "UserToken"

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str | Secret,
        access_token: str | Secret,
        access_token_secret: str | Secret,
    ) -> None:
        self.consumer_key = consumer_key
        self.consumer_secret = _secret(consumer_secret)
        self.access_token = _secret(access_token)
        self.access_token_secret = _secret(access_token_secret)

    def __repr__(self) -> str:
        return (
            f"OAuth1(consumer_key={self.consumer_key!r}, consumer_secret={self.consumer_secret!r}, "
            f"access_token={self.access_token!r}, access_token_secret={self.access_token_secret!r})"
        )

    def signer(self, nonce: str | None = None, timestamp: str | None = None) -> OAuth1Signer:
        """An oauthlib client for these credentials (HMAC-SHA1, Authorization header)."""
        return cast(
            OAuth1Signer,
            _oauth1.Client(
                self.consumer_key,
                client_secret=self.consumer_secret.reveal(),
                resource_owner_key=self.access_token.reveal(),
                resource_owner_secret=self.access_token_secret.reveal(),
                signature_method=_oauth1.SIGNATURE_HMAC_SHA1,
                signature_type=_oauth1.SIGNATURE_TYPE_AUTH_HEADER,
                nonce=nonce,
                timestamp=timestamp,
            ),
        )

    def apply(self, request: httpx.Request) -> None:
        with _quiet_signing():
            signer = self.signer()
            _, headers, _ = signer.sign(str(request.url), request.method, body=None, headers={})
        request.headers["Authorization"] = headers["Authorization"]


def credentials_from_env(
    environ: Mapping[str, str] | None = None,
) -> tuple[BearerToken | None, OAuth1 | None]:
    """Read `X_BEARER_TOKEN` and the four `X_CONSUMER_*`/`X_ACCESS_*` variables (all or none)."""
    env = os.environ if environ is None else environ
    bearer = BearerToken(env[ENV_BEARER_TOKEN]) if env.get(ENV_BEARER_TOKEN) else None
    present = [name for name in ENV_OAUTH1 if env.get(name)]
    if present and len(present) != len(ENV_OAUTH1):
        missing = [name for name in ENV_OAUTH1 if name not in present]
        raise ValueError(f"OAuth 1.0a needs all four variables; missing: {', '.join(missing)}")
    oauth1 = OAuth1(*(env[name] for name in ENV_OAUTH1)) if present else None
    return bearer, oauth1


def with_env_defaults(
    bearer_token: str | BearerToken | None,
    oauth1: OAuth1 | None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[str | BearerToken | None, OAuth1 | None, str | None]:
    """What a library call was given, each part it was not given read from the environment as
    `Client.from_env()` reads it (`X_BEARER_TOKEN`, the four OAuth 1.0a variables, X_API_BASE_URL).

    A ValueError names the OAuth 1.0a variables missing from a partial set (never a value).
    """
    env = os.environ if environ is None else environ
    if bearer_token is None and env.get(ENV_BEARER_TOKEN):
        bearer_token = BearerToken(env[ENV_BEARER_TOKEN])
    if oauth1 is None:
        oauth1 = credentials_from_env(env)[1]
    return bearer_token, oauth1, base_url or env.get(ENV_BASE_URL) or None
