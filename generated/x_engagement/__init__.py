"""Typed client for X's post engagement metrics: the v2 insights and Enterprise Engagement APIs.

Generated from spec/openapi.yaml (X post engagement metrics 1.0.0). Do not edit.
"""

from x_engagement import models
from x_engagement.auth import BearerToken, OAuth1, Secret
from x_engagement.batching import BatchResult, ChunkFailure
from x_engagement.client import AsyncClient, Client
from x_engagement.errors import (
    ApiError,
    AuthError,
    ClientDisconnectedProblem,
    ClientForbiddenProblem,
    ConflictProblem,
    DisallowedResourceProblem,
    DuplicateRulesProblem,
    EnterpriseApiError,
    InvalidRequest,
    InvalidRequestProblem,
    InvalidRulesProblem,
    MissingCredentials,
    NoncompliantRulesProblem,
    NotAuthorizedForFieldProblem,
    NotAuthorizedForResourceProblem,
    OperationalDisconnectProblem,
    ProblemError,
    RateLimited,
    RequestInfo,
    ResourceNotFoundProblem,
    ResourceUnavailableProblem,
    ResponseDecodeError,
    RuleCapProblem,
    ServerError,
    StreamingConnectionProblem,
    TransportError,
    UnsupportedAuthenticationProblem,
    UsageCappedProblem,
    XEngagementError,
)
from x_engagement.params import Grouping, TotalsGrouping
from x_engagement.results import (
    EngagementResult,
    InsightsResult,
    MetricPoint,
    RateLimit,
    Requested,
    UnexpectedDataWarning,
)
from x_engagement.retry import RetryPolicy

__version__ = "1.0.0"

__all__ = [
    "ApiError",
    "AsyncClient",
    "AuthError",
    "BatchResult",
    "ChunkFailure",
    "BearerToken",
    "Client",
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
    "RequestInfo",
    "ResponseDecodeError",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "TransportError",
    "UnexpectedDataWarning",
    "Requested",
    "XEngagementError",
    "models",
    "ClientDisconnectedProblem",
    "ClientForbiddenProblem",
    "ConflictProblem",
    "DisallowedResourceProblem",
    "DuplicateRulesProblem",
    "InvalidRequestProblem",
    "InvalidRulesProblem",
    "NoncompliantRulesProblem",
    "NotAuthorizedForFieldProblem",
    "NotAuthorizedForResourceProblem",
    "OperationalDisconnectProblem",
    "ResourceNotFoundProblem",
    "ResourceUnavailableProblem",
    "RuleCapProblem",
    "StreamingConnectionProblem",
    "UnsupportedAuthenticationProblem",
    "UsageCappedProblem",
    "Grouping",
    "TotalsGrouping",
]
