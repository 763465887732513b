"""The operations of spec/openapi.yaml as runtime data. Generated; do not edit."""

from __future__ import annotations

from x_engagement import models
from x_engagement._operation import OperationSpec

GET_ENGAGEMENT_28HR = OperationSpec(
    operation_id="getEngagement28hr",
    http_method="POST",
    path="/insights/engagement/28hr",
    servers=("https://data-api.twitter.com", "https://data-api.x.com"),
    variant="enterprise",
    security=("UserToken",),
    query=(),
    body=("tweet_ids", "engagement_types", "groupings"),
    input_schema={
        "$ref": "#/$defs/Engagement28hrRequest",
        "$defs": {
            "Engagement28hrRequest": {
                "type": "object",
                "additionalProperties": False,
                "required": ["tweet_ids", "engagement_types", "groupings"],
                "properties": {
                    "tweet_ids": {"$ref": "#/$defs/TweetIds25"},
                    "engagement_types": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"$ref": "#/$defs/EngagementType"},
                    },
                    "groupings": {"$ref": "#/$defs/Groupings"},
                },
            },
            "EngagementType": {
                "type": "string",
                "description": "The 17 engagement types of /28hr and /historical.",
                "enum": [
                    "impressions",
                    "engagements",
                    "favorites",
                    "retweets",
                    "replies",
                    "video_views",
                    "media_views",
                    "media_engagements",
                    "url_clicks",
                    "hashtag_clicks",
                    "detail_expands",
                    "permalink_clicks",
                    "app_install_attempts",
                    "app_opens",
                    "email_tweet",
                    "user_follows",
                    "user_profile_clicks",
                ],
            },
            "GroupBy": {
                "type": "string",
                "enum": ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"],
            },
            "Grouping": {
                "type": "object",
                "additionalProperties": False,
                "required": ["group_by"],
                "properties": {
                    "group_by": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 4,
                        "uniqueItems": True,
                        "items": {"$ref": "#/$defs/GroupBy"},
                        "description": "Results nest in this order; a "
                        "4-item list only in one of the "
                        "two documented orders.",
                        "anyOf": [
                            {"maxItems": 3},
                            {
                                "enum": [
                                    [
                                        "tweet.id",
                                        "engagement.type",
                                        "engagement.day",
                                        "engagement.hour",
                                    ],
                                    [
                                        "engagement.type",
                                        "tweet.id",
                                        "engagement.day",
                                        "engagement.hour",
                                    ],
                                ]
                            },
                        ],
                    }
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
            "Groupings": {
                "type": "object",
                "description": "Named groupings (at most 3); each name becomes a "
                "top-level key of the response.",
                "minProperties": 1,
                "maxProperties": 3,
                "propertyNames": {"$ref": "#/$defs/GroupingName"},
                "additionalProperties": {"$ref": "#/$defs/Grouping"},
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
        },
    },
    rules=(
        {"rule": "at-most-n-groupings-of-length", "groupings": "groupings", "length": 4, "max": 1},
    ),
    response_type=models.EngagementResponse,
    grouping_parameter="groupings",
    batch_parameter="tweet_ids",
    batch_size=25,
)
GET_ENGAGEMENT_HISTORICAL = OperationSpec(
    operation_id="getEngagementHistorical",
    http_method="POST",
    path="/insights/engagement/historical",
    servers=("https://data-api.twitter.com", "https://data-api.x.com"),
    variant="enterprise",
    security=("UserToken",),
    query=(),
    body=("tweet_ids", "engagement_types", "groupings", "start", "end"),
    input_schema={
        "$ref": "#/$defs/EngagementHistoricalRequest",
        "$defs": {
            "EngagementHistoricalRequest": {
                "type": "object",
                "additionalProperties": False,
                "required": ["tweet_ids", "engagement_types", "groupings"],
                "properties": {
                    "tweet_ids": {"$ref": "#/$defs/TweetIds25"},
                    "engagement_types": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"$ref": "#/$defs/EngagementType"},
                    },
                    "groupings": {"$ref": "#/$defs/Groupings"},
                    "start": {"$ref": "#/$defs/HistoricalTime"},
                    "end": {"$ref": "#/$defs/HistoricalTime"},
                },
            },
            "EngagementType": {
                "type": "string",
                "description": "The 17 engagement types of /28hr and /historical.",
                "enum": [
                    "impressions",
                    "engagements",
                    "favorites",
                    "retweets",
                    "replies",
                    "video_views",
                    "media_views",
                    "media_engagements",
                    "url_clicks",
                    "hashtag_clicks",
                    "detail_expands",
                    "permalink_clicks",
                    "app_install_attempts",
                    "app_opens",
                    "email_tweet",
                    "user_follows",
                    "user_profile_clicks",
                ],
            },
            "GroupBy": {
                "type": "string",
                "enum": ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"],
            },
            "Grouping": {
                "type": "object",
                "additionalProperties": False,
                "required": ["group_by"],
                "properties": {
                    "group_by": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 4,
                        "uniqueItems": True,
                        "items": {"$ref": "#/$defs/GroupBy"},
                        "description": "Results nest in this order; a "
                        "4-item list only in one of the "
                        "two documented orders.",
                        "anyOf": [
                            {"maxItems": 3},
                            {
                                "enum": [
                                    [
                                        "tweet.id",
                                        "engagement.type",
                                        "engagement.day",
                                        "engagement.hour",
                                    ],
                                    [
                                        "engagement.type",
                                        "tweet.id",
                                        "engagement.day",
                                        "engagement.hour",
                                    ],
                                ]
                            },
                        ],
                    }
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
            "Groupings": {
                "type": "object",
                "description": "Named groupings (at most 3); each name becomes a "
                "top-level key of the response.",
                "minProperties": 1,
                "maxProperties": 3,
                "propertyNames": {"$ref": "#/$defs/GroupingName"},
                "additionalProperties": {"$ref": "#/$defs/Grouping"},
            },
            "HistoricalTime": {
                "type": "string",
                "description": "UTC, either a date (YYYY-MM-DD) or a date-time "
                "ending in Z; widened to whole hours.",
                "anyOf": [{"format": "date"}, {"format": "date-time"}],
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?Z)?$",
                "example": "2016-02-10T17:00:00Z",
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
        },
    },
    rules=(
        {"rule": "at-most-n-groupings-of-length", "groupings": "groupings", "length": 4, "max": 1},
        {
            "rule": "time-window",
            "start": "start",
            "end": "end",
            "start-before-end": True,
            "end-not-in-future": True,
            "max-days": 28,
        },
    ),
    response_type=models.EngagementResponse,
    grouping_parameter="groupings",
    batch_parameter="tweet_ids",
    batch_size=25,
)
GET_ENGAGEMENT_TOTALS = OperationSpec(
    operation_id="getEngagementTotals",
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
GET_INSIGHTS_HISTORICAL = OperationSpec(
    operation_id="getInsightsHistorical",
    http_method="GET",
    path="/2/insights/historical",
    servers=("https://api.x.com",),
    variant="v2",
    security=("OAuth2UserToken", "UserToken"),
    query=(
        "tweet_ids",
        "start_time",
        "end_time",
        "granularity",
        "requested_metrics",
        "engagement.fields",
    ),
    body=(),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["tweet_ids", "start_time", "end_time", "granularity", "requested_metrics"],
        "properties": {
            "tweet_ids": {"$ref": "#/$defs/TweetIds25"},
            "start_time": {
                "type": "string",
                "format": "date-time",
                "example": "2021-02-01T18:40:40.000Z",
            },
            "end_time": {
                "type": "string",
                "format": "date-time",
                "example": "2021-02-14T18:40:40.000Z",
            },
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
    rules=(
        {
            "rule": "time-window",
            "start": "start_time",
            "end": "end_time",
            "start-before-end": True,
            "end-not-in-future": True,
        },
    ),
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
    "getEngagement28hr": "engagement_types",
    "getEngagementHistorical": "engagement_types",
    "getEngagementTotals": "engagement_types",
    "getInsights28hr": "requested_metrics",
    "getInsightsHistorical": "requested_metrics",
}
FIELDS_PARAMETER: dict[str, str | None] = {
    "getEngagement28hr": None,
    "getEngagementHistorical": None,
    "getEngagementTotals": None,
    "getInsights28hr": "engagement.fields",
    "getInsightsHistorical": "engagement.fields",
}
# the v2 bucket size (`x-role: granularity`); None where the operation has none (Enterprise)
GRANULARITY_PARAMETER: dict[str, str | None] = {
    "getEngagement28hr": None,
    "getEngagementHistorical": None,
    "getEngagementTotals": None,
    "getInsights28hr": "granularity",
    "getInsightsHistorical": "granularity",
}

# The metric crosswalk (`#/components/x-metrics`): canonical name -> the v2 metric (None where v2
# has none) and the Enterprise engagement types (empty where Enterprise has none); `uncertain`
# holds why a pairing is not documented. Rows, error messages and the mock read only these.
METRIC_V2: dict[str, str | None] = {
    "app_install_attempts": "AppInstallAttempts",
    "app_opens": "AppOpens",
    "detail_expands": "DetailExpands",
    "email_tweet": "EmailTweet",
    "engagements": "Engagements",
    "follows": "Follows",
    "hashtag_clicks": "HashtagClicks",
    "impressions": "Impressions",
    "likes": "Likes",
    "link_clicks": "LinkClicks",
    "media_engagements": "MediaEngagements",
    "media_views": "MediaViews",
    "permalink_clicks": "PermalinkClicks",
    "profile_visits": "ProfileVisits",
    "quote_tweets": "QuoteTweets",
    "replies": "Replies",
    "retweets": "Retweets",
    "unique_video_views": "UniqueVideoViews",
    "url_clicks": "UrlClicks",
    "user_profile_clicks": "UserProfileClicks",
    "video_completions": "VideoCompletions",
    "video_played_25_percent": "VideoPlayed25Percent",
    "video_played_50_percent": "VideoPlayed50Percent",
    "video_played_75_percent": "VideoPlayed75Percent",
    "video_starts": "VideoStarts",
    "video_views": "VideoViews",
}
METRIC_ENTERPRISE: dict[str, tuple[str, ...]] = {
    "app_install_attempts": ("app_install_attempts",),
    "app_opens": ("app_opens",),
    "detail_expands": ("detail_expands",),
    "email_tweet": ("email_tweet",),
    "engagements": ("engagements",),
    "follows": ("user_follows",),
    "hashtag_clicks": ("hashtag_clicks",),
    "impressions": ("impressions",),
    "likes": ("favorites",),
    "link_clicks": (),
    "media_engagements": ("media_engagements",),
    "media_views": ("media_views",),
    "permalink_clicks": ("permalink_clicks",),
    "profile_visits": (),
    "quote_tweets": ("quote_tweets",),
    "replies": ("replies",),
    "retweets": ("retweets",),
    "unique_video_views": (),
    "url_clicks": ("url_clicks",),
    "user_profile_clicks": ("user_profile_clicks",),
    "video_completions": (),
    "video_played_25_percent": (),
    "video_played_50_percent": (),
    "video_played_75_percent": (),
    "video_starts": (),
    "video_views": ("video_views",),
}
METRIC_UNCERTAIN: dict[str, str] = {
    "follows": "no document pairs Follows with user_follows; paired by wording only",
    "link_clicks": "v2 has both LinkClicks and UrlClicks; which one equals url_clicks is not documented",
    "profile_visits": "ProfileVisits is undefined in X's docs; it may count what user_profile_clicks counts",
}
