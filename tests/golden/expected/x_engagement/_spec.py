"""The operations of spec/openapi.yaml as runtime data. Generated; do not edit."""

from __future__ import annotations

from x_engagement import models
from x_engagement._request import OperationSpec

GET_RECENT_INSIGHTS = OperationSpec(
    operation_id="getRecentInsights",
    http_method="GET",
    path="/2/insights/recent",
    servers=("https://api.example.com",),
    variant="v2",
    security=("Bearer",),
    query=("post_ids", "bucket", "wanted", "want.fields"),
    body=(),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["post_ids", "bucket", "wanted"],
        "properties": {
            "post_ids": {
                "type": "array",
                "minItems": 1,
                "maxItems": 7,
                "items": {"$ref": "#/$defs/PostId"},
            },
            "bucket": {"$ref": "#/$defs/Bucket"},
            "wanted": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Metric"}},
            "want.fields": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "enum": ["errors", "measurement", "it's"]},
            },
        },
        "$defs": {
            "Bucket": {
                "type": "string",
                "description": "Odd values, none of them a Python identifier as they stand.",
                "enum": ["per-hour", "1day", "None", "class", "Total ∑"],
            },
            "Metric": {"type": "string", "enum": ["Likes", "video.views", "25%_played"]},
            "PostId": {"type": "string", "pattern": "^[0-9]{1,19}$"},
        },
    },
    rules=(),
    response_type=models.V2Answer,
    grouping_parameter=None,
    batch_parameter="post_ids",
    batch_size=7,
)
LOOKUP_INSIGHTS_2X_HISTORICAL = OperationSpec(
    operation_id="lookupInsights2xHistorical",
    http_method="GET",
    path="/2/insights/range",
    servers=("https://labs.example.com/v2/",),
    variant="v2",
    security=("Bearer", "Signed"),
    query=("post_ids", "bucket", "wanted", "from", "until"),
    body=(),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["post_ids", "bucket", "wanted", "from"],
        "properties": {
            "post_ids": {
                "type": "array",
                "minItems": 1,
                "maxItems": 7,
                "items": {"$ref": "#/$defs/PostId"},
            },
            "bucket": {"$ref": "#/$defs/Bucket"},
            "wanted": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Metric"}},
            "from": {"type": "string", "format": "date-time"},
            "until": {"type": "string", "format": "date-time"},
        },
        "$defs": {
            "Bucket": {
                "type": "string",
                "description": "Odd values, none of them a Python identifier as they stand.",
                "enum": ["per-hour", "1day", "None", "class", "Total ∑"],
            },
            "Metric": {"type": "string", "enum": ["Likes", "video.views", "25%_played"]},
            "PostId": {"type": "string", "pattern": "^[0-9]{1,19}$"},
        },
    },
    rules=(
        {
            "rule": "time-window",
            "start": "from",
            "end": "until",
            "start-before-end": True,
            "end-not-in-future": True,
        },
    ),
    response_type=models.V2Answer,
    grouping_parameter=None,
    batch_parameter="post_ids",
    batch_size=7,
)
POST_TOTALS_V2_ENTERPRISE = OperationSpec(
    operation_id="postTotalsV2Enterprise",
    http_method="POST",
    path="/enterprise/totals",
    servers=("https://data.example.com",),
    variant="enterprise",
    security=("Signed",),
    query=(),
    body=("ids", "kinds", "nests"),
    input_schema={
        "$ref": "#/$defs/TotalsAsk",
        "$defs": {
            "Kind": {"type": "string", "enum": ["favorites", "video_views", "quote-tweets"]},
            "Level": {"type": "string", "enum": ["post", "kind", "on.day", "hour"]},
            "PostId": {"type": "string", "pattern": "^[0-9]{1,19}$"},
            "TotalsAsk": {
                "type": "object",
                "additionalProperties": False,
                "required": ["ids", "kinds", "nests"],
                "properties": {
                    "ids": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 11,
                        "items": {"$ref": "#/$defs/PostId"},
                    },
                    "kinds": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Kind"}},
                    "nests": {
                        "type": "object",
                        "description": "Named groupings.",
                        "additionalProperties": {"$ref": "#/$defs/groupingSpec"},
                    },
                },
            },
            "groupingSpec": {
                "type": "object",
                "description": 'One named grouping; a description with "quotes" and a \\backslash.',
                "additionalProperties": False,
                "required": ["group_by"],
                "properties": {
                    "group_by": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 3,
                        "items": {"$ref": "#/$defs/Level"},
                    }
                },
            },
        },
    },
    rules=({"rule": "at-most-n-groupings-of-length", "groupings": "nests", "length": 2, "max": 1},),
    response_type=models.EnterpriseAnswer,
    grouping_parameter="nests",
    batch_parameter="ids",
    batch_size=11,
)


# Deprecated operations (`deprecated: true`): the warning a call gives, once per process.
DEPRECATED: dict[str, str] = {}


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

# Per operationId: the parameter naming the requested metrics (`x-role: metrics`) and the one
# selecting the returned fields (`x-role: fields`; None where the operation has none).
METRICS_PARAMETER: dict[str, str] = {
    "getRecentInsights": "wanted",
    "lookupInsights2xHistorical": "wanted",
    "postTotalsV2Enterprise": "kinds",
}
FIELDS_PARAMETER: dict[str, str | None] = {
    "getRecentInsights": "want.fields",
    "lookupInsights2xHistorical": None,
    "postTotalsV2Enterprise": None,
}
# the v2 bucket size (`x-role: granularity`); None where the operation has none (Enterprise)
GRANULARITY_PARAMETER: dict[str, str | None] = {
    "getRecentInsights": "bucket",
    "lookupInsights2xHistorical": "bucket",
    "postTotalsV2Enterprise": None,
}

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
