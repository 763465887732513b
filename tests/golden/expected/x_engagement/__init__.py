"""Typed client for X's post engagement metrics: the v2 insights and Enterprise Engagement APIs.

Generated from spec/openapi.yaml (Golden "odd" reference 0.0.1-odd). Do not edit.

The public surface is `__all__` plus two public modules: `models` (the response types) and
`errors` (the whole exception tree, including one `ProblemError` subclass per problem type the
spec documents). Modules starting with `_` are private and may change without notice.
"""

from x_engagement import errors, models
from x_engagement._auth import BearerToken, OAuth1, Secret
from x_engagement._batching import BatchResult, ChunkFailure
from x_engagement._params import groupingSpec
from x_engagement._recording import Recorder
from x_engagement._results import (
    EngagementResult,
    InsightsResult,
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

__version__ = "0.0.1-odd"

# The problem classes stay in `errors`: the spec documents every v2 problem type (streaming and
# rules ones too), and a caller catches ProblemError or imports the one it means from there.
__all__ = [
    "ApiError",
    "AsyncClient",
    "AuthError",
    "BatchResult",
    "BearerToken",
    "ChunkFailure",
    "Client",
    "DeadlineExceeded",
    "EngagementResult",
    "EnterpriseApiError",
    "InsightsResult",
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
