"""The exceptions of x_engagement that do not depend on the spec; `x_engagement.errors` is their home.

The generated module `errors` re-exports everything here and adds what the spec determines: one
ProblemError subclass per documented problem type, and the classes that are both a status class
and one of those. Import errors from `x_engagement.errors`, never from here: every public class
below names that module as its own (`__module__`), so reprs, tracebacks and pickles show the
public path.

XEngagementError
├── InvalidRequest (also a ValueError): bad input, found before any network I/O
├── MissingCredentials: the operation needs credentials the client was not given
├── TransportError: no usable HTTP response (timeout, refused connection, ...)
│   └── DeadlineExceeded: the call's total deadline passed (connect, body and retries together)
└── ApiError: the server answered with an error; keeps status, headers, raw body and request
    ├── AuthError (401, 403), RateLimited (429), ServerError (5xx)
    ├── ProblemError: a v2 RFC 7807 problem, one subclass per documented problem type
    ├── EnterpriseApiError: an Enterprise `{"errors": [...]}` body
    ├── ResponseDecodeError: a body that is not what the spec promises
    └── ResponseTooLarge: a body over `max_response_bytes`; keeps only a bounded prefix

An error that is both a status class and a body class (a 401 carrying a problem) is raised as one
class with both bases, named after the two (`AuthErrorProblemError`, `AuthErrorInvalidRequestProblem`):
real classes, written out (here and in `errors`), so type checkers see them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import msgspec

from x_engagement import _spec

__all__ = [
    "CURL_AUTHORIZATION",
    "REDACTED",
    "SENSITIVE_HEADERS",
    "ApiError",
    "AuthError",
    "AuthErrorEnterpriseApiError",
    "AuthErrorProblemError",
    "DeadlineExceeded",
    "EnterpriseApiError",
    "InvalidRequest",
    "MissingCredentials",
    "ProblemError",
    "RateLimited",
    "RateLimitedEnterpriseApiError",
    "RateLimitedProblemError",
    "RequestInfo",
    "ResponseDecodeError",
    "ResponseTooLarge",
    "ServerError",
    "ServerErrorEnterpriseApiError",
    "ServerErrorProblemError",
    "TransportError",
    "XEngagementError",
    "combined",
    "describe",
    "error_class",
    "problem_class",
    "status_class",
]

PUBLIC_MODULE = "x_engagement.errors"
REDACTED = "[redacted]"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})


class RequestInfo(msgspec.Struct, frozen=True):
    """What was sent, with credentials removed: safe to log and to show.

    `auth` names the kind of credentials the request carried ("bearer", "oauth1" or ""), never
    their value, so `as_curl()` can put a placeholder where the secret was.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes
    auth: str = ""

    @classmethod
    def redacted(
        cls, method: str, url: str, headers: Mapping[str, str], body: bytes, auth: str = ""
    ) -> RequestInfo:
        safe = {k: (REDACTED if k.lower() in SENSITIVE_HEADERS else v) for k, v in headers.items()}
        return cls(method, url, safe, body, auth)

    def as_curl(self) -> str:
        """A reproduction command with the Authorization header as a shell variable, never a secret.

        A bearer token runs after `export X_BEARER_TOKEN=...`. An OAuth 1.0a header is signed for
        one URL, nonce and time, so no fixed variable can hold it: put a freshly signed header in
        X_OAUTH1_AUTHORIZATION (the command ends with a comment saying so).
        """
        parts = [f"curl -X {self.method} '{self.url}'"]
        parts += [f"-H '{k}: {v}'" for k, v in self.headers.items() if k.lower() != "authorization"]
        if self.auth in CURL_AUTHORIZATION:
            parts.append(f'-H "Authorization: {CURL_AUTHORIZATION[self.auth]}"')
        if self.body:
            parts.append(f"-d '{self.body.decode('utf-8', 'replace')}'")
        if self.auth == "oauth1":
            parts.append("  # X_OAUTH1_AUTHORIZATION: an OAuth 1.0a header signed for this URL")
        return " ".join(parts)


# the shell expansion as_curl() puts where the credentials were, by `RequestInfo.auth`
CURL_AUTHORIZATION = {"bearer": "Bearer $X_BEARER_TOKEN", "oauth1": "$X_OAUTH1_AUTHORIZATION"}


class XEngagementError(Exception):
    """Base of every error this package raises."""


class InvalidRequest(XEngagementError, ValueError):
    """The arguments break the spec; `problems` lists every one, each naming parameter and rule."""

    def __init__(self, operation: str, problems: Sequence[str]) -> None:
        self.operation = operation
        self.problems = list(problems)
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{operation}: {len(self.problems)} invalid argument(s):\n{listing}")


class MissingCredentials(XEngagementError):
    """No credentials the operation accepts were configured."""


class TransportError(XEngagementError):
    """The request got no HTTP response (timeout, connection refused or reset)."""

    def __init__(self, message: str, request: RequestInfo) -> None:
        super().__init__(message)
        self.request = request


class DeadlineExceeded(TransportError):
    """The call's total deadline passed: a slow trickle or long retries cannot hold a caller forever."""


class ApiError(XEngagementError):
    """The server answered with a status or body the caller cannot use as a result."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int,
        headers: Mapping[str, str],
        content: bytes,
        request: RequestInfo,
        problem: _spec.PROBLEM | None = None,
        error: _spec.V2_ERROR | None = None,
        errors: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.operation = operation
        self.status = status
        self.headers = dict(headers)
        self.content = content
        self.request = request
        self.problem = problem
        self.error = error
        self.errors = list(errors)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class AuthError(ApiError):
    """401 or 403: the credentials were refused or do not reach these posts."""


class RateLimited(ApiError):
    """429 after any waiting the retry policy allows; `reset_at` is when the window reopens."""

    reset_at: datetime | None = None


class ServerError(ApiError):
    """5xx after the retries the policy allows."""


class EnterpriseApiError(ApiError):
    """An Enterprise error body: `errors` holds its strings."""


class ResponseDecodeError(ApiError):
    """Malformed JSON, a wrong content type, a broken gzip stream or a body that breaks the schema."""


class ResponseTooLarge(ApiError):
    """The body passed `limit` bytes (on the wire or inflated); `content` keeps only its first bytes."""

    limit: int = 0


class ProblemError(ApiError):
    """A v2 RFC 7807 problem; `problem` holds its parsed fields. Also used for unknown types."""

    problem_type: str = "about:blank"


# The status x body classes that do not depend on the spec; `errors` adds one per problem type.
class AuthErrorProblemError(AuthError, ProblemError):
    """Both AuthError and ProblemError: catch it as either."""


class AuthErrorEnterpriseApiError(AuthError, EnterpriseApiError):
    """Both AuthError and EnterpriseApiError: catch it as either."""


class RateLimitedProblemError(RateLimited, ProblemError):
    """Both RateLimited and ProblemError: catch it as either."""


class RateLimitedEnterpriseApiError(RateLimited, EnterpriseApiError):
    """Both RateLimited and EnterpriseApiError: catch it as either."""


class ServerErrorProblemError(ServerError, ProblemError):
    """Both ServerError and ProblemError: catch it as either."""


class ServerErrorEnterpriseApiError(ServerError, EnterpriseApiError):
    """Both ServerError and EnterpriseApiError: catch it as either."""


def problem_class(problem_type: str, known: Mapping[str, type[ProblemError]]) -> type[ProblemError]:
    """Dispatch on the path suffix of the type URI, so api.twitter.com and api.x.com both match.

    `known` maps a suffix to its class (`errors.PROBLEM_CLASSES`); anything else is ProblemError.
    """
    head, _, suffix = problem_type.rstrip("/").rpartition("/")
    return known.get(suffix, ProblemError) if head.endswith("/2/problems") else ProblemError


def status_class(status: int) -> type[ApiError] | None:
    if status in (401, 403):
        return AuthError
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerError
    return None


def combined(status_cls: type[ApiError], body_cls: type[ApiError]) -> type[ApiError]:
    """One class that is both, so `except AuthError` and `except InvalidRequestProblem` both work.

    The class whose bases are exactly (status_cls, body_cls), written out here or in `errors`; a
    body class without one (not a class the client raises) gets its nearest ancestor's.
    """
    if body_cls is ApiError or issubclass(status_cls, body_cls):
        return status_cls
    if issubclass(body_cls, status_cls):
        return body_cls
    for cls in status_cls.__subclasses__():
        if cls.__bases__ == (status_cls, body_cls):
            return cls
    parent = next(base for base in body_cls.__mro__[1:] if issubclass(base, ApiError))
    return combined(status_cls, parent)


def error_class(status: int, body_cls: type[ApiError]) -> type[ApiError]:
    status_cls = status_class(status)
    return body_cls if status_cls is None else combined(status_cls, body_cls)


def describe(kwargs: Mapping[str, Any]) -> str:
    """A one-line summary of an error body for the exception message (never headers)."""
    problem, errors, error = kwargs.get("problem"), kwargs.get("errors"), kwargs.get("error")
    if problem is not None:
        detail = problem.detail if isinstance(problem.detail, str) else ""
        return f"{problem.title}: {detail}".rstrip(": ")
    if errors:
        return "; ".join(errors)
    if error is not None:
        return f"{error.code}: {error.message}"
    return ""


def _publish() -> None:
    """Every public class names `x_engagement.errors`, where users import it, as its module."""
    for name in __all__:
        value = globals()[name]
        if isinstance(value, type):
            value.__module__ = PUBLIC_MODULE


_publish()
