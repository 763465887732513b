"""The operations of spec/openapi.yaml as runtime data. Generated; do not edit."""

from __future__ import annotations

from x_engagement import models
from x_engagement._request import OperationSpec

GET_ENGAGEMENT_TOTALS = OperationSpec(
    operation_id="getEngagementTotals",
    method_name="get_engagement_totals",
    http_method="POST",
    path="/insights/engagement/totals",
    servers=("https://data-api.twitter.com", "https://data-api.x.com"),
    variant="enterprise",
    security=("UserToken",),
    query=(),
    body=("tweet_ids", "engagement_types", "groupings"),
    input_schema={
        "$ref": "#/$defs/EngagementTotalsRequest",
        "$defs": {
            "EngagementTotalsRequest": {
                "type": "object",
                "additionalProperties": False,
                "required": ["tweet_ids", "engagement_types", "groupings"],
                "properties": {
                    "tweet_ids": {"$ref": "#/$defs/TweetIds250"},
                    "engagement_types": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"$ref": "#/$defs/TotalsEngagementType"},
                    },
                    "groupings": {"$ref": "#/$defs/TotalsGroupings"},
                },
            },
            "GroupingName": {
                "type": "string",
                "minLength": 1,
                "description": "Client-chosen; must not clash with the response's own "
                "top-level keys.",
                "not": {
                    "enum": [
                        "start",
                        "end",
                        "errors",
                        "unavailable_tweet_ids",
                        "unsupported_for_video_views_tweet_ids",
                        "unsupported_for_impressions_engagements_tweet_ids",
                    ]
                },
            },
            "TotalsEngagementType": {
                "type": "string",
                "description": "The 7 engagement types of /totals.",
                "enum": [
                    "impressions",
                    "engagements",
                    "favorites",
                    "retweets",
                    "quote_tweets",
                    "replies",
                    "video_views",
                ],
            },
            "TotalsGroupBy": {"type": "string", "enum": ["tweet.id", "engagement.type"]},
            "TotalsGrouping": {
                "type": "object",
                "additionalProperties": False,
                "required": ["group_by"],
                "properties": {
                    "group_by": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 2,
                        "uniqueItems": True,
                        "items": {"$ref": "#/$defs/TotalsGroupBy"},
                    }
                },
            },
            "TotalsGroupings": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 3,
                "propertyNames": {"$ref": "#/$defs/GroupingName"},
                "additionalProperties": {"$ref": "#/$defs/TotalsGrouping"},
            },
            "TweetId": {
                "type": "string",
                "description": "Unique identifier of a post, as a string.",
                "pattern": "^[0-9]{1,19}$",
                "example": "20",
            },
            "TweetIds250": {
                "type": "array",
                "minItems": 1,
                "maxItems": 250,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/TweetId"},
            },
        },
    },
    rules=(),
    response_type=models.EngagementResponse,
    grouping_parameter="groupings",
    batch_parameter="tweet_ids",
    batch_size=250,
)
GET_INSIGHTS_28HR = OperationSpec(
    operation_id="getInsights28hr",
    method_name="get_insights_28hr",
    http_method="GET",
    path="/2/insights/28hr",
    servers=("https://api.x.com",),
    variant="v2",
    security=("OAuth2UserToken", "UserToken"),
    query=("tweet_ids", "granularity", "requested_metrics", "engagement.fields"),
    body=(),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["tweet_ids", "granularity", "requested_metrics"],
        "properties": {
            "tweet_ids": {"$ref": "#/$defs/TweetIds25"},
            "granularity": {"$ref": "#/$defs/Granularity"},
            "requested_metrics": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/V2Metric"},
            },
            "engagement.fields": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/EngagementField"},
                "example": ["errors", "measurement"],
            },
        },
        "$defs": {
            "EngagementField": {"type": "string", "enum": ["errors", "measurement"]},
            "Granularity": {
                "type": "string",
                "enum": ["Daily", "Hourly", "Weekly", "Total"],
                "example": "Total",
            },
            "TweetId": {
                "type": "string",
                "description": "Unique identifier of a post, as a string.",
                "pattern": "^[0-9]{1,19}$",
                "example": "20",
            },
            "TweetIds25": {
                "type": "array",
                "minItems": 1,
                "maxItems": 25,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/TweetId"},
            },
            "V2Metric": {
                "type": "string",
                "enum": [
                    "AppInstallAttempts",
                    "AppOpens",
                    "DetailExpands",
                    "EmailTweet",
                    "Engagements",
                    "Follows",
                    "HashtagClicks",
                    "Impressions",
                    "Likes",
                    "LinkClicks",
                    "MediaEngagements",
                    "MediaViews",
                    "PermalinkClicks",
                    "ProfileVisits",
                    "QuoteTweets",
                    "Replies",
                    "Retweets",
                    "UniqueVideoViews",
                    "UrlClicks",
                    "UserProfileClicks",
                    "VideoCompletions",
                    "VideoPlayed25Percent",
                    "VideoPlayed50Percent",
                    "VideoPlayed75Percent",
                    "VideoStarts",
                    "VideoViews",
                ],
            },
        },
    },
    rules=(),
    response_type=models.InsightsResponse,
    grouping_parameter=None,
    batch_parameter="tweet_ids",
    batch_size=25,
)


# The models the runtime decodes with, by the role the spec gives them (`x-role` on the schema).
INSIGHTS_RESPONSE = models.InsightsResponse
ENTERPRISE_RESPONSE = models.EngagementResponse
PROBLEM = models.Problem
V2_ERROR = models.Error
ENTERPRISE_ERROR = models.EnterpriseError

# Rate-limit header names by figure, from the header components' `x-role` (lower case, v2 first).
RATE_LIMIT_LIMIT_HEADERS: tuple[str, ...] = ("x-rate-limit-limit", "x-per-minute-limit")
RATE_LIMIT_REMAINING_HEADERS: tuple[str, ...] = ("x-rate-limit-remaining", "x-per-minute-remaining")
RATE_LIMIT_RESET_HEADERS: tuple[str, ...] = ("x-rate-limit-reset",)
RATE_LIMIT_HEADERS: tuple[str, ...] = (
    *RATE_LIMIT_LIMIT_HEADERS,
    *RATE_LIMIT_REMAINING_HEADERS,
    *RATE_LIMIT_RESET_HEADERS,
)

# Per operationId: the parameter naming the requested metrics (`x-role: metrics`) and the one
# selecting the returned fields (`x-role: fields`; None where the operation has none).
METRICS_PARAMETER: dict[str, str] = {
    "getEngagementTotals": "engagement_types",
    "getInsights28hr": "requested_metrics",
}
FIELDS_PARAMETER: dict[str, str | None] = {
    "getEngagementTotals": None,
    "getInsights28hr": "engagement.fields",
}

# The metric crosswalk (`#/components/x-metrics`): canonical name -> the v2 metric (None where v2
# has none) and the Enterprise engagement types (empty where Enterprise has none); `uncertain`
# holds why a pairing is not documented. Rows, error messages and the mock read only these.
METRIC_V2: dict[str, str | None] = {}
METRIC_ENTERPRISE: dict[str, tuple[str, ...]] = {}
METRIC_UNCERTAIN: dict[str, str] = {}
