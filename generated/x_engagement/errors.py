"""The exceptions of x_engagement: one shallow tree, catchable at the level you care about.

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
class with both bases, named after the two, for example `AuthErrorInvalidRequestProblem`: made on
first use, and importable from this module by that name like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import msgspec

from x_engagement import models

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
        problem: models.Problem | None = None,
        error: models.Error | None = None,
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


class ClientDisconnectedProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/client-disconnected`."""

    problem_type = "https://api.twitter.com/2/problems/client-disconnected"


class ClientForbiddenProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/client-forbidden`."""

    problem_type = "https://api.twitter.com/2/problems/client-forbidden"


class ConflictProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/conflict`."""

    problem_type = "https://api.twitter.com/2/problems/conflict"


class DisallowedResourceProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/disallowed-resource`."""

    problem_type = "https://api.twitter.com/2/problems/disallowed-resource"


class DuplicateRulesProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/duplicate-rules`."""

    problem_type = "https://api.twitter.com/2/problems/duplicate-rules"


class InvalidRequestProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/invalid-request`."""

    problem_type = "https://api.twitter.com/2/problems/invalid-request"


class InvalidRulesProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/invalid-rules`."""

    problem_type = "https://api.twitter.com/2/problems/invalid-rules"


class NoncompliantRulesProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/noncompliant-rules`."""

    problem_type = "https://api.twitter.com/2/problems/noncompliant-rules"


class NotAuthorizedForFieldProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/not-authorized-for-field`."""

    problem_type = "https://api.twitter.com/2/problems/not-authorized-for-field"


class NotAuthorizedForResourceProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/not-authorized-for-resource`."""

    problem_type = "https://api.twitter.com/2/problems/not-authorized-for-resource"


class OperationalDisconnectProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/operational-disconnect`."""

    problem_type = "https://api.twitter.com/2/problems/operational-disconnect"


class ResourceNotFoundProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/resource-not-found`."""

    problem_type = "https://api.twitter.com/2/problems/resource-not-found"


class ResourceUnavailableProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/resource-unavailable`."""

    problem_type = "https://api.twitter.com/2/problems/resource-unavailable"


class RuleCapProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/rule-cap`."""

    problem_type = "https://api.twitter.com/2/problems/rule-cap"


class StreamingConnectionProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/streaming-connection`."""

    problem_type = "https://api.twitter.com/2/problems/streaming-connection"


class UnsupportedAuthenticationProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/unsupported-authentication`."""

    problem_type = "https://api.twitter.com/2/problems/unsupported-authentication"


class UsageCappedProblem(ProblemError):
    """Problem type `https://api.twitter.com/2/problems/usage-capped`."""

    problem_type = "https://api.twitter.com/2/problems/usage-capped"


PROBLEM_CLASSES: dict[str, type[ProblemError]] = {
    "client-disconnected": ClientDisconnectedProblem,
    "client-forbidden": ClientForbiddenProblem,
    "conflict": ConflictProblem,
    "disallowed-resource": DisallowedResourceProblem,
    "duplicate-rules": DuplicateRulesProblem,
    "invalid-request": InvalidRequestProblem,
    "invalid-rules": InvalidRulesProblem,
    "noncompliant-rules": NoncompliantRulesProblem,
    "not-authorized-for-field": NotAuthorizedForFieldProblem,
    "not-authorized-for-resource": NotAuthorizedForResourceProblem,
    "operational-disconnect": OperationalDisconnectProblem,
    "resource-not-found": ResourceNotFoundProblem,
    "resource-unavailable": ResourceUnavailableProblem,
    "rule-cap": RuleCapProblem,
    "streaming-connection": StreamingConnectionProblem,
    "unsupported-authentication": UnsupportedAuthenticationProblem,
    "usage-capped": UsageCappedProblem,
}


def problem_class(problem_type: str) -> type[ProblemError]:
    """Dispatch on the path suffix of the type URI, so api.twitter.com and api.x.com both match."""
    if problem_type.rstrip("/").rsplit("/", 1)[0].endswith("/2/problems"):
        return PROBLEM_CLASSES.get(problem_type.rstrip("/").rsplit("/", 1)[1], ProblemError)
    return ProblemError


def status_class(status: int) -> type[ApiError] | None:
    if status in (401, 403):
        return AuthError
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerError
    return None


_COMBINED: dict[tuple[type[ApiError], type[ApiError]], type[ApiError]] = {}
_STATUS_CLASSES: tuple[type[ApiError], ...] = (AuthError, RateLimited, ServerError)


def combined(status_cls: type[ApiError], body_cls: type[ApiError]) -> type[ApiError]:
    """One class that is both, so `except AuthError` and `except InvalidRequestProblem` both work."""
    if body_cls is ApiError or issubclass(status_cls, body_cls):
        return status_cls
    if issubclass(body_cls, status_cls):
        return body_cls
    key = (status_cls, body_cls)
    if key not in _COMBINED:
        name = status_cls.__name__ + body_cls.__name__
        doc = (
            f"Both {status_cls.__name__} and {body_cls.__name__}: catch it as either.\n\n"
            f"{status_cls.__name__}: {status_cls.__doc__}\n{body_cls.__name__}: {body_cls.__doc__}"
        )
        namespace = {"__module__": __name__, "__qualname__": name, "__doc__": doc}
        _COMBINED[key] = cast("type[ApiError]", type(name, (status_cls, body_cls), namespace))
    return _COMBINED[key]


def _combined_by_name(name: str) -> type[ApiError] | None:
    """The combined class called `name` (status class name + body class name), if there is one."""
    for status_cls in _STATUS_CLASSES:
        body = globals().get(name.removeprefix(status_cls.__name__))
        if (
            name.startswith(status_cls.__name__)
            and isinstance(body, type)
            and issubclass(body, ApiError)
        ):
            made = combined(status_cls, body)
            if made.__name__ == name:
                return made
    return None


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt import is still an error

    def __getattr__(name: str) -> type[ApiError]:
        """`from x_engagement.errors import AuthErrorProblemError` and pickling find the class."""
        found = _combined_by_name(name)
        if found is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return found


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
