"""The exceptions of x_engagement. Generated from the spec's problem types; do not edit.

The tree and its spec-independent classes are hand-written in `x_engagement._errors`, re-exported
here: import every error from this module. Added here, from the spec: one ProblemError subclass per
documented problem type, and for each of them the classes that are also a status class
(`AuthErrorInvalidRequestProblem`: `except AuthError` and `except InvalidRequestProblem` both catch it).
"""

from __future__ import annotations

from x_engagement._errors import *  # noqa: F403
from x_engagement._errors import AuthError, ProblemError, RateLimited, ServerError


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


class AuthErrorClientDisconnectedProblem(AuthError, ClientDisconnectedProblem):
    """Both AuthError and ClientDisconnectedProblem: catch it as either."""


class AuthErrorClientForbiddenProblem(AuthError, ClientForbiddenProblem):
    """Both AuthError and ClientForbiddenProblem: catch it as either."""


class AuthErrorConflictProblem(AuthError, ConflictProblem):
    """Both AuthError and ConflictProblem: catch it as either."""


class AuthErrorDisallowedResourceProblem(AuthError, DisallowedResourceProblem):
    """Both AuthError and DisallowedResourceProblem: catch it as either."""


class AuthErrorDuplicateRulesProblem(AuthError, DuplicateRulesProblem):
    """Both AuthError and DuplicateRulesProblem: catch it as either."""


class AuthErrorInvalidRequestProblem(AuthError, InvalidRequestProblem):
    """Both AuthError and InvalidRequestProblem: catch it as either."""


class AuthErrorInvalidRulesProblem(AuthError, InvalidRulesProblem):
    """Both AuthError and InvalidRulesProblem: catch it as either."""


class AuthErrorNoncompliantRulesProblem(AuthError, NoncompliantRulesProblem):
    """Both AuthError and NoncompliantRulesProblem: catch it as either."""


class AuthErrorNotAuthorizedForFieldProblem(AuthError, NotAuthorizedForFieldProblem):
    """Both AuthError and NotAuthorizedForFieldProblem: catch it as either."""


class AuthErrorNotAuthorizedForResourceProblem(AuthError, NotAuthorizedForResourceProblem):
    """Both AuthError and NotAuthorizedForResourceProblem: catch it as either."""


class AuthErrorOperationalDisconnectProblem(AuthError, OperationalDisconnectProblem):
    """Both AuthError and OperationalDisconnectProblem: catch it as either."""


class AuthErrorResourceNotFoundProblem(AuthError, ResourceNotFoundProblem):
    """Both AuthError and ResourceNotFoundProblem: catch it as either."""


class AuthErrorResourceUnavailableProblem(AuthError, ResourceUnavailableProblem):
    """Both AuthError and ResourceUnavailableProblem: catch it as either."""


class AuthErrorRuleCapProblem(AuthError, RuleCapProblem):
    """Both AuthError and RuleCapProblem: catch it as either."""


class AuthErrorStreamingConnectionProblem(AuthError, StreamingConnectionProblem):
    """Both AuthError and StreamingConnectionProblem: catch it as either."""


class AuthErrorUnsupportedAuthenticationProblem(AuthError, UnsupportedAuthenticationProblem):
    """Both AuthError and UnsupportedAuthenticationProblem: catch it as either."""


class AuthErrorUsageCappedProblem(AuthError, UsageCappedProblem):
    """Both AuthError and UsageCappedProblem: catch it as either."""


class RateLimitedClientDisconnectedProblem(RateLimited, ClientDisconnectedProblem):
    """Both RateLimited and ClientDisconnectedProblem: catch it as either."""


class RateLimitedClientForbiddenProblem(RateLimited, ClientForbiddenProblem):
    """Both RateLimited and ClientForbiddenProblem: catch it as either."""


class RateLimitedConflictProblem(RateLimited, ConflictProblem):
    """Both RateLimited and ConflictProblem: catch it as either."""


class RateLimitedDisallowedResourceProblem(RateLimited, DisallowedResourceProblem):
    """Both RateLimited and DisallowedResourceProblem: catch it as either."""


class RateLimitedDuplicateRulesProblem(RateLimited, DuplicateRulesProblem):
    """Both RateLimited and DuplicateRulesProblem: catch it as either."""


class RateLimitedInvalidRequestProblem(RateLimited, InvalidRequestProblem):
    """Both RateLimited and InvalidRequestProblem: catch it as either."""


class RateLimitedInvalidRulesProblem(RateLimited, InvalidRulesProblem):
    """Both RateLimited and InvalidRulesProblem: catch it as either."""


class RateLimitedNoncompliantRulesProblem(RateLimited, NoncompliantRulesProblem):
    """Both RateLimited and NoncompliantRulesProblem: catch it as either."""


class RateLimitedNotAuthorizedForFieldProblem(RateLimited, NotAuthorizedForFieldProblem):
    """Both RateLimited and NotAuthorizedForFieldProblem: catch it as either."""


class RateLimitedNotAuthorizedForResourceProblem(RateLimited, NotAuthorizedForResourceProblem):
    """Both RateLimited and NotAuthorizedForResourceProblem: catch it as either."""


class RateLimitedOperationalDisconnectProblem(RateLimited, OperationalDisconnectProblem):
    """Both RateLimited and OperationalDisconnectProblem: catch it as either."""


class RateLimitedResourceNotFoundProblem(RateLimited, ResourceNotFoundProblem):
    """Both RateLimited and ResourceNotFoundProblem: catch it as either."""


class RateLimitedResourceUnavailableProblem(RateLimited, ResourceUnavailableProblem):
    """Both RateLimited and ResourceUnavailableProblem: catch it as either."""


class RateLimitedRuleCapProblem(RateLimited, RuleCapProblem):
    """Both RateLimited and RuleCapProblem: catch it as either."""


class RateLimitedStreamingConnectionProblem(RateLimited, StreamingConnectionProblem):
    """Both RateLimited and StreamingConnectionProblem: catch it as either."""


class RateLimitedUnsupportedAuthenticationProblem(RateLimited, UnsupportedAuthenticationProblem):
    """Both RateLimited and UnsupportedAuthenticationProblem: catch it as either."""


class RateLimitedUsageCappedProblem(RateLimited, UsageCappedProblem):
    """Both RateLimited and UsageCappedProblem: catch it as either."""


class ServerErrorClientDisconnectedProblem(ServerError, ClientDisconnectedProblem):
    """Both ServerError and ClientDisconnectedProblem: catch it as either."""


class ServerErrorClientForbiddenProblem(ServerError, ClientForbiddenProblem):
    """Both ServerError and ClientForbiddenProblem: catch it as either."""


class ServerErrorConflictProblem(ServerError, ConflictProblem):
    """Both ServerError and ConflictProblem: catch it as either."""


class ServerErrorDisallowedResourceProblem(ServerError, DisallowedResourceProblem):
    """Both ServerError and DisallowedResourceProblem: catch it as either."""


class ServerErrorDuplicateRulesProblem(ServerError, DuplicateRulesProblem):
    """Both ServerError and DuplicateRulesProblem: catch it as either."""


class ServerErrorInvalidRequestProblem(ServerError, InvalidRequestProblem):
    """Both ServerError and InvalidRequestProblem: catch it as either."""


class ServerErrorInvalidRulesProblem(ServerError, InvalidRulesProblem):
    """Both ServerError and InvalidRulesProblem: catch it as either."""


class ServerErrorNoncompliantRulesProblem(ServerError, NoncompliantRulesProblem):
    """Both ServerError and NoncompliantRulesProblem: catch it as either."""


class ServerErrorNotAuthorizedForFieldProblem(ServerError, NotAuthorizedForFieldProblem):
    """Both ServerError and NotAuthorizedForFieldProblem: catch it as either."""


class ServerErrorNotAuthorizedForResourceProblem(ServerError, NotAuthorizedForResourceProblem):
    """Both ServerError and NotAuthorizedForResourceProblem: catch it as either."""


class ServerErrorOperationalDisconnectProblem(ServerError, OperationalDisconnectProblem):
    """Both ServerError and OperationalDisconnectProblem: catch it as either."""


class ServerErrorResourceNotFoundProblem(ServerError, ResourceNotFoundProblem):
    """Both ServerError and ResourceNotFoundProblem: catch it as either."""


class ServerErrorResourceUnavailableProblem(ServerError, ResourceUnavailableProblem):
    """Both ServerError and ResourceUnavailableProblem: catch it as either."""


class ServerErrorRuleCapProblem(ServerError, RuleCapProblem):
    """Both ServerError and RuleCapProblem: catch it as either."""


class ServerErrorStreamingConnectionProblem(ServerError, StreamingConnectionProblem):
    """Both ServerError and StreamingConnectionProblem: catch it as either."""


class ServerErrorUnsupportedAuthenticationProblem(ServerError, UnsupportedAuthenticationProblem):
    """Both ServerError and UnsupportedAuthenticationProblem: catch it as either."""


class ServerErrorUsageCappedProblem(ServerError, UsageCappedProblem):
    """Both ServerError and UsageCappedProblem: catch it as either."""


# the problem class of each type, by the last segment of its URI (`_errors.problem_class`)
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
