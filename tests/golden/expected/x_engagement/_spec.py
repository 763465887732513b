"""The roles of spec/openapi.yaml's schemas and headers, and its metric crosswalk. Generated; do not edit.

The operations themselves are records in `_operations`."""

from __future__ import annotations

from x_engagement import models

# The models the runtime decodes with, by the role the spec gives them (`x-role` on the schema).
INSIGHTS_RESPONSE = models.V2Answer
ENTERPRISE_RESPONSE = models.EnterpriseAnswer
PROBLEM = models.ProblemDetails
V2_ERROR = models.PlainError
ENTERPRISE_ERROR = models.EnterpriseFailure

# Rate-limit header names by figure, from the header components' `x-role` (lower case, v2 first).
RATE_LIMIT_LIMIT_HEADERS: tuple[str, ...] = ("x-rate-ceiling", "x-minute-ceiling")
RATE_LIMIT_REMAINING_HEADERS: tuple[str, ...] = ("x-rate-left", "x-minute-left")
RATE_LIMIT_RESET_HEADERS: tuple[str, ...] = ("x-rate-reset-at",)
RATE_LIMIT_HEADERS: tuple[str, ...] = (
    *RATE_LIMIT_LIMIT_HEADERS,
    *RATE_LIMIT_REMAINING_HEADERS,
    *RATE_LIMIT_RESET_HEADERS,
)

# The metric crosswalk (`#/components/x-metrics`): canonical name -> the v2 metric (None where v2
# has none) and the Enterprise engagement types (empty where Enterprise has none); `uncertain`
# holds why a pairing is not documented. Rows, error messages and the mock read only these.
METRIC_V2: dict[str, str | None] = {}
METRIC_ENTERPRISE: dict[str, tuple[str, ...]] = {}
# the post and media analytics field of each canonical metric (None where that source has none)
METRIC_ANALYTICS: dict[str, str | None] = {}
METRIC_MEDIA: dict[str, str | None] = {}
# Sources stated to have no counterpart, with the reason (x-metrics `absent`).
METRIC_ABSENT: dict[str, tuple[tuple[str, str], ...]] = {}
METRIC_UNCERTAIN: dict[str, str] = {}
