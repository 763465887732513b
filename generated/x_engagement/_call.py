"""One call, minus the I/O: validation, auth choice, signing, retry decisions, decoding.

Client and AsyncClient differ only in how they send bytes and sleep; everything here is shared.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx
import msgspec

from x_engagement import _request, _response
from x_engagement.auth import ENV_BEARER_TOKEN, ENV_OAUTH1, BearerToken, OAuth1
from x_engagement.errors import MissingCredentials, RequestInfo
from x_engagement.retry import RetryPolicy

logger = logging.getLogger("x_engagement")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

_ENV_HINT = {
    "OAuth2UserToken": f"a bearer token ({ENV_BEARER_TOKEN})",
    "UserToken": f"OAuth 1.0a credentials ({', '.join(ENV_OAUTH1)})",
}


class Settings(msgspec.Struct, frozen=True):
    """What a client was configured with; shared by every call it makes."""

    bearer: BearerToken | None
    oauth1: OAuth1 | None
    base_url: str | None
    retry: RetryPolicy

    def auth_for(self, op: _request.OperationSpec) -> BearerToken | OAuth1:
        for scheme in op.security:
            if scheme == BearerToken.scheme and self.bearer is not None:
                return self.bearer
            if scheme == OAuth1.scheme and self.oauth1 is not None:
                return self.oauth1
        wanted = " or ".join(_ENV_HINT.get(s, s) for s in op.security)
        raise MissingCredentials(f"{op.operation_id} needs {wanted}")

    def describe(self) -> str:
        schemes = [
            name for name, value in (("bearer", self.bearer), ("oauth1", self.oauth1)) if value
        ]
        return f"base_url={self.base_url!r}, auth={schemes}"


class Call:
    """A validated call of `op`; raises InvalidRequest or MissingCredentials before any I/O."""

    def __init__(
        self,
        op: _request.OperationSpec,
        arguments: Mapping[str, Any],
        settings: Settings,
        now: datetime | None = None,
    ) -> None:
        self.op = op
        self.settings = settings
        self.instance = _request.validate(op, arguments, now)
        self.auth = settings.auth_for(op)
        self.info = RequestInfo.redacted(op.http_method, "", {}, b"")

    def request(self) -> httpx.Request:
        """A freshly signed request: each attempt gets its own nonce and timestamp."""
        request = _request.build_request(self.op, self.instance, self.settings.base_url)
        self.info = RequestInfo.redacted(
            request.method, str(request.url), dict(request.headers), request.content
        )
        self.auth.apply(request)
        return request

    def retry_delay(
        self, status: int, headers: Mapping[str, str], attempt: int, now: float
    ) -> float | None:
        delay = self.settings.retry.delay_for_status(status, headers, attempt, now)
        logger.debug(
            "%s %s -> HTTP %d (attempt %d)%s",
            self.info.method, self.info.url, status, attempt + 1,
            f", retrying in {delay:.2f}s" if delay is not None else "",
        )  # fmt: skip
        return delay

    def connection_retry_delay(self, exc: Exception, attempt: int) -> float | None:
        delay = self.settings.retry.delay_for_connection_error(attempt)
        logger.debug(
            "%s %s -> %s (attempt %d)%s",
            self.info.method, self.info.url, type(exc).__name__, attempt + 1,
            f", retrying in {delay:.2f}s" if delay is not None else "",
        )  # fmt: skip
        return delay

    def result(self, status: int, headers: Mapping[str, str], raw: bytes) -> _response.Result:
        return _response.read_response(self.op, self.info, status, headers, raw, self.instance)


def read_raw(response: httpx.Response) -> tuple[bytes, Mapping[str, str]] | None:
    """The body of a response whose stream was already read (httpx.MockTransport, test clients).

    httpx has decoded such a body, so its content-encoding no longer applies. None means
    the stream is still open and the caller reads the raw (still compressed) bytes itself.
    """
    if not response.is_stream_consumed:
        return None
    headers = {k: v for k, v in response.headers.items() if k != "content-encoding"}
    return response.content, headers
