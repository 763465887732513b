"""The operations of spec/openapi.yaml as runtime data. Generated; do not edit."""

from __future__ import annotations

from x_engagement import models
from x_engagement._request import OperationSpec

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
GET_MEDIA_ANALYTICS = OperationSpec(
    operation_id="getMediaAnalytics",
    http_method="GET",
    path="/2/media/analytics",
    servers=("https://api.x.com",),
    variant="media",
    security=("OAuth2UserToken", "UserToken"),
    query=("media_keys", "start_time", "end_time", "granularity", "media_analytics.fields"),
    body=(),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["media_keys", "start_time", "end_time"],
        "properties": {
            "media_keys": {"$ref": "#/$defs/MediaKeys"},
            "start_time": {
                "type": "string",
                "format": "date-time",
                "example": "2026-07-20T00:00:00Z",
            },
            "end_time": {
                "type": "string",
                "format": "date-time",
                "example": "2026-07-21T04:00:00Z",
            },
            "granularity": {"$ref": "#/$defs/MediaAnalyticsGranularity"},
            "media_analytics.fields": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/MediaAnalyticsField"},
            },
        },
        "$defs": {
            "MediaAnalyticsField": {
                "type": "string",
                "x-structural": ["media_key", "timestamp", "timestamped_metrics"],
                "enum": [
                    "cta_url_clicks",
                    "cta_watch_clicks",
                    "media_key",
                    "play_from_tap",
                    "playback25",
                    "playback50",
                    "playback75",
                    "playback_complete",
                    "playback_start",
                    "timestamp",
                    "timestamped_metrics",
                    "video_views",
                    "watch_time_ms",
                ],
            },
            "MediaAnalyticsGranularity": {
                "type": "string",
                "enum": ["hourly", "daily", "total"],
                "default": "daily",
            },
            "MediaKey": {
                "type": "string",
                "description": "A media key, `<media type>_<media id>`.",
                "pattern": "^([0-9]+)_([0-9]+)$",
            },
            "MediaKeys": {
                "type": "array",
                "minItems": 1,
                "maxItems": 100,
                "items": {"$ref": "#/$defs/MediaKey"},
            },
        },
    },
    rules=(
        {"rule": "time-window", "start": "start_time", "end": "end_time", "start-before-end": True},
    ),
    response_type=models.MediaAnalyticsResponse,
    grouping_parameter=None,
    batch_parameter="media_keys",
    batch_size=100,
)
GET_POSTS_ANALYTICS = OperationSpec(
    operation_id="getPostsAnalytics",
    http_method="GET",
    path="/2/tweets/analytics",
    servers=("https://api.x.com",),
    variant="analytics",
    security=("OAuth2UserToken", "UserToken"),
    query=("ids", "start_time", "end_time", "granularity", "analytics.fields"),
    body=(),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["ids", "start_time", "end_time"],
        "properties": {
            "ids": {"$ref": "#/$defs/AnalyticsIds"},
            "start_time": {
                "type": "string",
                "format": "date-time",
                "example": "2026-07-20T00:00:00Z",
            },
            "end_time": {
                "type": "string",
                "format": "date-time",
                "example": "2026-07-21T04:00:00Z",
            },
            "granularity": {"$ref": "#/$defs/AnalyticsGranularity"},
            "analytics.fields": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/AnalyticsField"},
            },
        },
        "$defs": {
            "AnalyticsField": {
                "type": "string",
                "x-structural": ["id", "timestamp", "timestamped_metrics"],
                "enum": [
                    "app_install_attempts",
                    "app_opens",
                    "bookmarks",
                    "detail_expands",
                    "email_tweet",
                    "engagements",
                    "follows",
                    "hashtag_clicks",
                    "id",
                    "impressions",
                    "likes",
                    "media_views",
                    "permalink_clicks",
                    "quote_tweets",
                    "replies",
                    "retweets",
                    "shares",
                    "timestamp",
                    "timestamped_metrics",
                    "unfollows",
                    "unlikes",
                    "url_clicks",
                    "user_profile_clicks",
                ],
            },
            "AnalyticsGranularity": {
                "type": "string",
                "enum": ["hourly", "daily", "weekly", "total"],
                "default": "total",
            },
            "AnalyticsId": {
                "type": "string",
                "description": "Unique identifier of a post, as in X's AnalyticsId.",
                "pattern": "^[0-9]{1,19}$",
            },
            "AnalyticsIds": {
                "type": "array",
                "minItems": 1,
                "maxItems": 100,
                "items": {"$ref": "#/$defs/AnalyticsId"},
            },
        },
    },
    rules=(
        {"rule": "time-window", "start": "start_time", "end": "end_time", "start-before-end": True},
    ),
    response_type=models.PostsAnalyticsResponse,
    grouping_parameter=None,
    batch_parameter="ids",
    batch_size=100,
)


# Deprecated operations (`deprecated: true`): the warning a call gives, once per process.
DEPRECATED: dict[str, str] = {
    "getInsights28hr": (
        "getInsights28hr is deprecated: absent from X's published v2 document since v2.167 (2026-07, "
        "xdevplatform/xdk specs/openapi.json); it still works for apps with access"
    ),
    "getInsightsHistorical": (
        "getInsightsHistorical is deprecated: absent from X's published v2 document since v2.167 "
        "(2026-07, xdevplatform/xdk specs/openapi.json); it still works for apps with access"
    ),
}


# The models the runtime decodes with, by the role the spec gives them (`x-role` on the schema).
INSIGHTS_RESPONSE = models.InsightsResponse
ENTERPRISE_RESPONSE = models.EngagementResponse
PROBLEM = models.Problem
V2_ERROR = models.Error
ENTERPRISE_ERROR = models.EnterpriseError
ANALYTICS_RESPONSE = models.PostsAnalyticsResponse
MEDIA_ANALYTICS_RESPONSE = models.MediaAnalyticsResponse

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
    "getMediaAnalytics": "media_analytics.fields",
    "getPostsAnalytics": "analytics.fields",
}
FIELDS_PARAMETER: dict[str, str | None] = {
    "getEngagement28hr": None,
    "getEngagementHistorical": None,
    "getEngagementTotals": None,
    "getInsights28hr": "engagement.fields",
    "getInsightsHistorical": "engagement.fields",
    "getMediaAnalytics": None,
    "getPostsAnalytics": None,
}
# the v2 bucket size (`x-role: granularity`); None where the operation has none (Enterprise)
GRANULARITY_PARAMETER: dict[str, str | None] = {
    "getEngagement28hr": None,
    "getEngagementHistorical": None,
    "getEngagementTotals": None,
    "getInsights28hr": "granularity",
    "getInsightsHistorical": "granularity",
    "getMediaAnalytics": "granularity",
    "getPostsAnalytics": "granularity",
}

# The metric crosswalk (`#/components/x-metrics`): canonical name -> the v2 metric (None where v2
# has none) and the Enterprise engagement types (empty where Enterprise has none); `uncertain`
# holds why a pairing is not documented. Rows, error messages and the mock read only these.
METRIC_V2: dict[str, str | None] = {
    "app_install_attempts": "AppInstallAttempts",
    "app_opens": "AppOpens",
    "bookmarks": None,
    "cta_url_clicks": None,
    "cta_watch_clicks": None,
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
    "play_from_tap": None,
    "profile_visits": "ProfileVisits",
    "quote_tweets": "QuoteTweets",
    "replies": "Replies",
    "retweets": "Retweets",
    "shares": None,
    "unfollows": None,
    "unique_video_views": "UniqueVideoViews",
    "unlikes": None,
    "url_clicks": "UrlClicks",
    "user_profile_clicks": "UserProfileClicks",
    "video_completions": "VideoCompletions",
    "video_played_25_percent": "VideoPlayed25Percent",
    "video_played_50_percent": "VideoPlayed50Percent",
    "video_played_75_percent": "VideoPlayed75Percent",
    "video_starts": "VideoStarts",
    "video_views": "VideoViews",
    "watch_time_ms": None,
}
METRIC_ENTERPRISE: dict[str, tuple[str, ...]] = {
    "app_install_attempts": ("app_install_attempts",),
    "app_opens": ("app_opens",),
    "bookmarks": (),
    "cta_url_clicks": (),
    "cta_watch_clicks": (),
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
    "play_from_tap": (),
    "profile_visits": (),
    "quote_tweets": ("quote_tweets",),
    "replies": ("replies",),
    "retweets": ("retweets",),
    "shares": (),
    "unfollows": (),
    "unique_video_views": (),
    "unlikes": (),
    "url_clicks": ("url_clicks",),
    "user_profile_clicks": ("user_profile_clicks",),
    "video_completions": (),
    "video_played_25_percent": (),
    "video_played_50_percent": (),
    "video_played_75_percent": (),
    "video_starts": (),
    "video_views": ("video_views",),
    "watch_time_ms": (),
}
# the post and media analytics field of each canonical metric (None where that source has none)
METRIC_ANALYTICS: dict[str, str | None] = {
    "app_install_attempts": "app_install_attempts",
    "app_opens": "app_opens",
    "bookmarks": "bookmarks",
    "cta_url_clicks": None,
    "cta_watch_clicks": None,
    "detail_expands": "detail_expands",
    "email_tweet": "email_tweet",
    "engagements": "engagements",
    "follows": "follows",
    "hashtag_clicks": "hashtag_clicks",
    "impressions": "impressions",
    "likes": "likes",
    "link_clicks": None,
    "media_engagements": None,
    "media_views": "media_views",
    "permalink_clicks": "permalink_clicks",
    "play_from_tap": None,
    "profile_visits": None,
    "quote_tweets": "quote_tweets",
    "replies": "replies",
    "retweets": "retweets",
    "shares": "shares",
    "unfollows": "unfollows",
    "unique_video_views": None,
    "unlikes": "unlikes",
    "url_clicks": "url_clicks",
    "user_profile_clicks": "user_profile_clicks",
    "video_completions": None,
    "video_played_25_percent": None,
    "video_played_50_percent": None,
    "video_played_75_percent": None,
    "video_starts": None,
    "video_views": None,
    "watch_time_ms": None,
}
METRIC_MEDIA: dict[str, str | None] = {
    "app_install_attempts": None,
    "app_opens": None,
    "bookmarks": None,
    "cta_url_clicks": "cta_url_clicks",
    "cta_watch_clicks": "cta_watch_clicks",
    "detail_expands": None,
    "email_tweet": None,
    "engagements": None,
    "follows": None,
    "hashtag_clicks": None,
    "impressions": None,
    "likes": None,
    "link_clicks": None,
    "media_engagements": None,
    "media_views": None,
    "permalink_clicks": None,
    "play_from_tap": "play_from_tap",
    "profile_visits": None,
    "quote_tweets": None,
    "replies": None,
    "retweets": None,
    "shares": None,
    "unfollows": None,
    "unique_video_views": None,
    "unlikes": None,
    "url_clicks": None,
    "user_profile_clicks": None,
    "video_completions": "playback_complete",
    "video_played_25_percent": "playback25",
    "video_played_50_percent": "playback50",
    "video_played_75_percent": "playback75",
    "video_starts": "playback_start",
    "video_views": "video_views",
    "watch_time_ms": "watch_time_ms",
}
# Sources stated to have no counterpart, with the reason (x-metrics `absent`).
METRIC_ABSENT: dict[str, tuple[tuple[str, str], ...]] = {
    "link_clicks": (
        ("analytics", "getPostsAnalytics has url_clicks only (paired with UrlClicks by name)"),
    ),
    "media_engagements": (
        ("analytics", "no media_engagements field in getPostsAnalytics (v2.167)"),
    ),
    "profile_visits": (("analytics", "no profile_visits field in getPostsAnalytics (v2.167)"),),
    "unique_video_views": (("media", "getMediaAnalytics has video_views but no unique count"),),
}
METRIC_UNCERTAIN: dict[str, str] = {
    "follows": "no document pairs Follows with user_follows; paired by wording only",
    "link_clicks": "v2 has both LinkClicks and UrlClicks; which one equals url_clicks is not documented",
    "profile_visits": "ProfileVisits is undefined in X's docs; it may count what user_profile_clicks counts",
    "video_completions": "VideoCompletions and playback_complete are both undefined in X's docs; paired by wording only",
    "video_played_25_percent": "paired by wording only",
    "video_played_50_percent": "paired by wording only",
    "video_played_75_percent": "paired by wording only",
    "video_starts": "play_from_tap may also count starts; paired by wording only",
}
