"""Typed client for X's post engagement metrics: the v2 insights and Enterprise Engagement APIs.

Generated from spec/openapi.yaml (Golden "odd" reference 0.0.1-odd). Do not edit.

The public surface is `__all__` plus two public modules: `models` (the response types) and
`errors` (the whole exception tree, including one `ProblemError` subclass per problem type the
spec documents). Modules starting with `_` are private and may change without notice.
"""

from typing import TYPE_CHECKING

# Names load on first use (PEP 562): `import x_engagement` costs almost nothing, so the
# `x-engagement` command line starts fast; `from x_engagement import Client` imports what it needs.
if TYPE_CHECKING:
    from x_engagement import errors, models
    from x_engagement._auth import BearerToken, OAuth1, Secret
    from x_engagement._batching import BatchResult, ChunkFailure
    from x_engagement._params import groupingSpec
    from x_engagement._recording import Recorder
    from x_engagement._results import (
        AnalyticsResult,
        CounterNote,
        EngagementResult,
        InsightsResult,
        InvalidCount,
        MetricPoint,
        RateLimit,
        Requested,
        UnexpectedDataWarning,
    )
    from x_engagement._retry import RetryPolicy
    from x_engagement.client import AsyncClient, Client
    from x_engagement.errors import (
        ApiError,
        AuthError,
        DeadlineExceeded,
        EnterpriseApiError,
        InvalidRequest,
        MissingCredentials,
        ProblemError,
        RateLimited,
        RequestInfo,
        ResponseDecodeError,
        ResponseTooLarge,
        ServerError,
        TransportError,
        XEngagementError,
    )

_SUBMODULES = ("errors", "models")
_LAZY: dict[str, str] = {
    "BearerToken": "x_engagement._auth",
    "OAuth1": "x_engagement._auth",
    "Secret": "x_engagement._auth",
    "BatchResult": "x_engagement._batching",
    "ChunkFailure": "x_engagement._batching",
    "groupingSpec": "x_engagement._params",
    "Recorder": "x_engagement._recording",
    "AnalyticsResult": "x_engagement._results",
    "CounterNote": "x_engagement._results",
    "EngagementResult": "x_engagement._results",
    "InsightsResult": "x_engagement._results",
    "InvalidCount": "x_engagement._results",
    "MetricPoint": "x_engagement._results",
    "RateLimit": "x_engagement._results",
    "Requested": "x_engagement._results",
    "UnexpectedDataWarning": "x_engagement._results",
    "RetryPolicy": "x_engagement._retry",
    "AsyncClient": "x_engagement.client",
    "Client": "x_engagement.client",
    "ApiError": "x_engagement.errors",
    "AuthError": "x_engagement.errors",
    "DeadlineExceeded": "x_engagement.errors",
    "EnterpriseApiError": "x_engagement.errors",
    "InvalidRequest": "x_engagement.errors",
    "MissingCredentials": "x_engagement.errors",
    "ProblemError": "x_engagement.errors",
    "RateLimited": "x_engagement.errors",
    "RequestInfo": "x_engagement.errors",
    "ResponseDecodeError": "x_engagement.errors",
    "ResponseTooLarge": "x_engagement.errors",
    "ServerError": "x_engagement.errors",
    "TransportError": "x_engagement.errors",
    "XEngagementError": "x_engagement.errors",
}

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name is still an error

    def __getattr__(name: str) -> object:
        import importlib

        if name in _SUBMODULES:
            value: object = importlib.import_module(f"x_engagement.{name}")
        elif name in _LAZY:
            value = getattr(importlib.import_module(_LAZY[name]), name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


__version__ = "0.0.1-odd"

# The problem classes stay in `errors`: the spec documents every v2 problem type (streaming and
# rules ones too), and a caller catches ProblemError or imports the one it means from there.
__all__ = [
    "AnalyticsResult",
    "ApiError",
    "AsyncClient",
    "AuthError",
    "BatchResult",
    "BearerToken",
    "ChunkFailure",
    "Client",
    "CounterNote",
    "DeadlineExceeded",
    "EngagementResult",
    "EnterpriseApiError",
    "InsightsResult",
    "InvalidCount",
    "InvalidRequest",
    "MetricPoint",
    "MissingCredentials",
    "OAuth1",
    "ProblemError",
    "RateLimit",
    "RateLimited",
    "Recorder",
    "RequestInfo",
    "Requested",
    "ResponseDecodeError",
    "ResponseTooLarge",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "TransportError",
    "UnexpectedDataWarning",
    "XEngagementError",
    "errors",
    "models",
    "groupingSpec",
]
