"""Where the suite sends requests: the mock in-process, a server at a URL, or the live API.

All three look the same to the tests: an httpx client, a base URL (or None: each operation's own
server) and the credentials to sign with. Signing uses the generated package's auth classes.
"""

from __future__ import annotations

import importlib
import os
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

import x_engagement
from contracts import spec
from contracts.mock import MockConfig, create_app
from contracts.mock.config import ENV_CREDENTIALS, Credentials
from contracts.spec import Operation
from contracts.watchdog import Watchdog, watched_client
from x_engagement._auth import BearerToken, OAuth1, credentials_from_env

IN_PROCESS_URL = "http://testserver"
SAMPLE_TWEET_IDS = ("1346889436626259968", "20")  # what the suite asks about when the target names none
# The largest id a post can have (2**63 - 1): its snowflake time is in 2080, so no server can hold
# it. Every question the suite writes asks about it too, and its answer must account for it (in
# the data, an error naming it, or the unavailable list): a server that quietly drops what it
# cannot serve is caught (tweet_ids_accounted_for, analytics_ids_accounted_for).
IMPOSSIBLE_TWEET_ID = "9223372036854775807"
SMALLEST_BATCH = 25  # the fewest ids an operation takes (TweetIds25): 25 X_TWEET_IDS leave room for the lost ones
LIVE_VARIABLES = (
    "X_BEARER_TOKEN",
    "X_CONSUMER_KEY",
    "X_CONSUMER_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "X_TWEET_IDS",
)


@dataclass
class Target:
    """A server under test and how to talk to it; repr shows no secret."""

    name: str
    http: httpx.Client = field(repr=False)
    base_url: str | None
    bearer: BearerToken | None = field(default=None, repr=False)
    oauth1: OAuth1 | None = field(default=None, repr=False)
    tweet_ids: tuple[str, ...] = ()  # ids the target knows (live: X_TWEET_IDS)
    # ids asked about beside them that the target cannot serve: the impossible one, and on the mock
    # one it reports unavailable (an id ending in its X_MOCK_UNAVAILABLE_SUFFIX)
    lost_ids: tuple[str, ...] = (IMPOSSIBLE_TWEET_ID,)
    credentials_sent: str = ""  # which credentials it signs with, by variable name (never a value)
    watchdog: Watchdog | None = field(default=None, repr=False)  # bounds and counts requests over a network

    def label(self, operation: Operation) -> str:
        """How results against this target are named: the operationId (plus `@live` for the live API)."""
        return operation.operation_id + ("@live" if self.name == "live" else "")

    def question_ids(self) -> tuple[str, ...]:
        """The ids the suite's own questions ask about: the known ones and the ones that cannot be served."""
        known = (self.tweet_ids or SAMPLE_TWEET_IDS)[: max(1, SMALLEST_BATCH - len(self.lost_ids))]
        return (*known, *self.lost_ids)

    def server(self, operation: Operation) -> str:
        return (self.base_url or operation.servers[0]).rstrip("/")

    def authorize(self, request: httpx.Request, operation: Operation) -> None:
        """Sign `request` the way the operation's security asks (bearer preferred for v2)."""
        request.headers.pop("authorization", None)
        if "OAuth2UserToken" in operation.security and self.bearer is not None:
            self.bearer.apply(request)
        elif "UserToken" in operation.security and self.oauth1 is not None:
            self.oauth1.apply(request)

    def send(self, request: httpx.Request, operation: Operation | None = None) -> httpx.Response:
        """Send once; against the live API wait out a 429 (bounded) and resend, to stay a good citizen."""
        response = self.http.send(request)
        response.read()
        if response.status_code == 429 and self.name == "live":
            wait = _wait_seconds(response.headers)
            if self.watchdog is not None:
                wait = max(0.0, min(wait, self.watchdog.remaining()))
            time.sleep(wait)
            if operation is not None:
                self.authorize(request, operation)  # a fresh nonce and timestamp
            response = self.http.send(request)
            response.read()
        return response

    def client(self, http_client: httpx.Client | None = None) -> x_engagement.Client:
        """The generated client pointed at this target; it honours 429s only against the live API."""
        retry = x_engagement.RetryPolicy() if self.name == "live" else x_engagement.RetryPolicy.disabled()
        limits: dict[str, Any] = {}
        if self.watchdog is not None:  # the gate's size limit; its timeout per call, but for live 429 waits
            limits["max_response_bytes"] = self.watchdog.limits.max_response_bytes
            if self.name != "live":
                limits["deadline"] = self.watchdog.limits.timeout
        return x_engagement.Client(
            bearer_token=self.bearer, oauth1=self.oauth1, base_url=self.base_url,
            http_client=http_client or self.http, retry=retry, **limits,
        )  # fmt: skip

    def close(self) -> None:
        self.http.close()


def _wait_seconds(headers: Mapping[str, str], cap: float = 60.0) -> float:
    reset = next((headers[name] for name in spec.roles().rate_limit_headers["rate-limit-reset"] if name in headers), "")
    if reset.isdigit():
        return max(1.0, min(cap, int(reset) - time.time()))
    return cap


X_OAUTH1 = ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")


def mock_credential_names(environ: Mapping[str, str]) -> tuple[str, str]:
    """(bearer, OAuth 1.0a): the X_MOCK_* variables set, or the mock's defaults, by name."""
    bearer = ENV_CREDENTIALS["bearer_token"]
    oauth1 = [name for key, name in ENV_CREDENTIALS.items() if key != "bearer_token" and environ.get(name)]
    return (
        bearer if environ.get(bearer) else "the mock's default bearer token",
        ", ".join(oauth1) + (" (the rest the mock's defaults)" if len(oauth1) < 4 else "")
        if oauth1 else "the mock's default OAuth 1.0a credentials",
    )  # fmt: skip


def credential_names(environ: Mapping[str, str], bearer_from_env: bool, oauth1_from_env: bool) -> str:
    """`bearer: X_BEARER_TOKEN; OAuth 1.0a: X_CONSUMER_KEY, ...`: where each credential came from."""
    mock_bearer, mock_oauth1 = mock_credential_names(environ)
    bearer = "X_BEARER_TOKEN" if bearer_from_env else mock_bearer
    oauth1 = ", ".join(X_OAUTH1) if oauth1_from_env else mock_oauth1
    return f"bearer: {bearer}; OAuth 1.0a: {oauth1}"


def _mock_credentials(credentials: Credentials) -> tuple[BearerToken, OAuth1]:
    return BearerToken(credentials.bearer_token), OAuth1(
        credentials.consumer_key, credentials.consumer_secret,
        credentials.access_token, credentials.access_token_secret,
    )  # fmt: skip


def unavailable_id(suffix: str) -> tuple[str, ...]:
    """An id the mock reports unavailable (one ending in its suffix), none when it has no suffix."""
    if not suffix.isascii() or not suffix.isdigit() or len(suffix) > 18:
        return ()
    return ("1" + suffix,)


def in_process(app: Any = None) -> Target:
    """The mock (or any ASGI app) called in-process: no socket, no network."""
    app = app if app is not None else create_app(MockConfig())
    config = getattr(getattr(app, "state", None), "config", None)
    credentials = config.credentials if isinstance(config, MockConfig) else Credentials.from_env()
    names = (
        "the app's own MockConfig credentials" if isinstance(config, MockConfig)
        else credential_names(os.environ, bearer_from_env=False, oauth1_from_env=False)
    )  # fmt: skip
    suffix = config.unavailable_suffix if isinstance(config, MockConfig) else "404"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette suggests httpx2; httpx is what the client uses
        from starlette.testclient import TestClient

        http = TestClient(app, base_url=IN_PROCESS_URL, raise_server_exceptions=False)
    bearer, oauth1 = _mock_credentials(credentials)
    return Target(
        "in-process", http, IN_PROCESS_URL, bearer, oauth1,
        lost_ids=(IMPOSSIBLE_TWEET_ID, *unavailable_id(suffix)), credentials_sent=names,
    )  # fmt: skip


def load_app(reference: str) -> Any:
    """`package.module:attribute` (default attribute `app`) to the ASGI app it names."""
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute or "app")


def at_url(base_url: str, environ: Mapping[str, str] | None = None, watchdog: Watchdog | None = None) -> Target:
    """A server at a URL: X_* credentials when set, else the mock's (X_MOCK_* or its defaults). The
    mock's unavailable id is asked about too: any server must account for it, the mock as unavailable."""
    env = os.environ if environ is None else environ
    bearer, oauth1 = credentials_from_env(env)
    suffix = env.get("X_MOCK_UNAVAILABLE_SUFFIX", "404")
    names = credential_names(env, bearer_from_env=bearer is not None, oauth1_from_env=oauth1 is not None)
    mock_bearer, mock_oauth1 = _mock_credentials(Credentials.from_env(env))
    watchdog = watchdog or Watchdog()
    return Target(
        "url", watched_client(watchdog), base_url.rstrip("/"), bearer or mock_bearer, oauth1 or mock_oauth1,
        watchdog=watchdog, lost_ids=(IMPOSSIBLE_TWEET_ID, *unavailable_id(suffix)), credentials_sent=names,
    )  # fmt: skip


def missing_live_variables(environ: Mapping[str, str]) -> list[str]:
    return [name for name in LIVE_VARIABLES if not environ.get(name)]


def live(environ: Mapping[str, str], watchdog: Watchdog | None = None) -> Target:
    """The real API, each operation at its own server; only built when every variable is set."""
    bearer, oauth1 = credentials_from_env(environ)
    ids = tuple(i.strip() for i in environ["X_TWEET_IDS"].split(",") if i.strip())
    watchdog = watchdog or Watchdog()
    names = credential_names(environ, bearer_from_env=True, oauth1_from_env=True)
    return Target(
        "live", watched_client(watchdog), None, bearer, oauth1, ids, watchdog=watchdog, credentials_sent=names
    )
