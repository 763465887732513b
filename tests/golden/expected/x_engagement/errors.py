"""The exceptions of x_engagement. Generated from the spec's problem types; do not edit.

The tree and its spec-independent classes are hand-written in `x_engagement._errors`, re-exported
here: import every error from this module. Added here, from the spec: one ProblemError subclass per
documented problem type, and for each of them the classes that are also a status class
(`AuthErrorInvalidRequestProblem`: `except AuthError` and `except InvalidRequestProblem` both catch it).
"""

from __future__ import annotations

from x_engagement._errors import *  # noqa: F403
from x_engagement._errors import AuthError, ProblemError, RateLimited, ServerError


class RateLimitedProblem(ProblemError):
    """Problem type `https://example.com/problems/rate-limited`."""

    problem_type = "https://example.com/problems/rate-limited"


class OverQuotaProblem(ProblemError):
    """Problem type `https://example.com/problems/over_quota/`."""

    problem_type = "https://example.com/problems/over_quota/"


class AuthErrorRateLimitedProblem(AuthError, RateLimitedProblem):
    """Both AuthError and RateLimitedProblem: catch it as either."""


class AuthErrorOverQuotaProblem(AuthError, OverQuotaProblem):
    """Both AuthError and OverQuotaProblem: catch it as either."""


class RateLimitedRateLimitedProblem(RateLimited, RateLimitedProblem):
    """Both RateLimited and RateLimitedProblem: catch it as either."""


class RateLimitedOverQuotaProblem(RateLimited, OverQuotaProblem):
    """Both RateLimited and OverQuotaProblem: catch it as either."""


class ServerErrorRateLimitedProblem(ServerError, RateLimitedProblem):
    """Both ServerError and RateLimitedProblem: catch it as either."""


class ServerErrorOverQuotaProblem(ServerError, OverQuotaProblem):
    """Both ServerError and OverQuotaProblem: catch it as either."""


# the problem class of each type, by the last segment of its URI (`_errors.problem_class`)
PROBLEM_CLASSES: dict[str, type[ProblemError]] = {
    "rate-limited": RateLimitedProblem,
    "over_quota": OverQuotaProblem,
}
