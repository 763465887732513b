"""Response models and enumerations, generated from spec/openapi.yaml. Do not edit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeAlias

from msgspec import UNSET, Meta, UnsetType

from x_engagement._model import Model

Count1: TypeAlias = Annotated[
    str,
    Meta(
        description="A count; documented as a decimal string, some examples show a bare integer.",
        pattern="^[0-9]+$",
    ),
]


Count2: TypeAlias = Annotated[
    int,
    Meta(
        description="A count; documented as a decimal string, some examples show a bare integer.",
        ge=0,
    ),
]


Count: TypeAlias = Annotated[
    Count1 | Count2,
    Meta(description="A count; documented as a decimal string, some examples show a bare integer."),
]


Day: TypeAlias = Annotated[str, Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class EngagementError(Model):
    """
    A per-post error inside a successful response.
    """

    error: str | UnsetType = UNSET
    tweets: list[str] | UnsetType = UNSET


EngagementField: TypeAlias = Literal["errors", "measurement"]


EngagementType: TypeAlias = Annotated[
    Literal[
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
    Meta(description="The 17 engagement types of /28hr and /historical."),
]


class Error(Model):
    """
    The v2 plain error object.
    """

    code: int
    message: str


Granularity: TypeAlias = Literal["Daily", "Hourly", "Weekly", "Total"]


GroupBy: TypeAlias = Literal["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]


Hour: TypeAlias = Annotated[
    Literal[
        "00",
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "07",
        "08",
        "09",
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "20",
        "21",
        "22",
        "23",
    ],
    Meta(description="Two-digit UTC hour."),
]


class InvalidRequestItem(Model):
    message: str | UnsetType = UNSET
    parameters: dict[str, list[str]] | UnsetType = UNSET


class MetricValue(Model):
    metric_type: str | UnsetType = UNSET
    metric_value: float | UnsetType = UNSET


class Problem(Model):
    """
    An HTTP Problem Details object (RFC 7807); extension members vary by type.
    """

    title: str
    type: str
    detail: str | UnsetType = UNSET
    errors: (
        Annotated[
            list[InvalidRequestItem], Meta(description="Present on invalid-request problems.")
        ]
        | UnsetType
    ) = UNSET
    parameter: str | UnsetType = UNSET
    period: str | UnsetType = UNSET
    reason: str | UnsetType = UNSET
    registration_url: str | UnsetType = UNSET
    resource_id: str | UnsetType = UNSET
    resource_type: str | UnsetType = UNSET
    scope: str | UnsetType = UNSET
    section: str | UnsetType = UNSET
    status: int | UnsetType = UNSET
    value: str | UnsetType = UNSET


class Timestamp(Model):
    iso8601_time: datetime | UnsetType = UNSET


TotalsEngagementType: TypeAlias = Annotated[
    Literal[
        "impressions",
        "engagements",
        "favorites",
        "retweets",
        "quote_tweets",
        "replies",
        "video_views",
    ],
    Meta(description="The 7 engagement types of /totals."),
]


TotalsGroupBy: TypeAlias = Literal["tweet.id", "engagement.type"]


TweetId: TypeAlias = Annotated[
    str, Meta(description="Unique identifier of a post, as a string.", pattern="^[0-9]{1,19}$")
]


TweetIdList: TypeAlias = list[TweetId]


V2Metric: TypeAlias = Literal[
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
]


AnyEngagementType: TypeAlias = Annotated[
    EngagementType | TotalsEngagementType,
    Meta(description="Every engagement type of every endpoint, as a response key."),
]


class EngagementResponse(Model):
    """
    Grouping names map to nested results; the other keys are fixed.
    """

    end: datetime | UnsetType = UNSET
    errors: list[str] | UnsetType = UNSET
    start: datetime | UnsetType = UNSET
    unavailable_tweet_ids: TweetIdList | UnsetType = UNSET
    unsupported_for_impressions_engagements_tweet_ids: TweetIdList | UnsetType = UNSET
    unsupported_for_video_views_tweet_ids: TweetIdList | UnsetType = UNSET


class EnterpriseError(Model):
    errors: Annotated[list[str], Meta(min_length=1)]
    unavailable_tweet_ids: TweetIdList | UnsetType = UNSET
    unsupported_for_impressions_engagements_tweet_ids: TweetIdList | UnsetType = UNSET


class MetricsTotalEntry(Model):
    tweet_id: TweetId | UnsetType = UNSET
    value: Annotated[list[MetricValue], Meta(min_length=1)] | UnsetType = UNSET


class TimeSeriesValue(Model):
    metric_values: list[MetricValue] | UnsetType = UNSET
    timestamp: Timestamp | UnsetType = UNSET


class MetricsTimeSeriesEntry(Model):
    tweet_id: TweetId | UnsetType = UNSET
    value: TimeSeriesValue | UnsetType = UNSET


class Measurement(Model):
    metrics_time_series: list[MetricsTimeSeriesEntry] | UnsetType = UNSET
    metrics_total: list[MetricsTotalEntry] | UnsetType = UNSET


class Engagement(Model):
    errors: list[EngagementError] | UnsetType = UNSET
    measurement: Measurement | UnsetType = UNSET


class InsightsResponse(Model):
    """
    v2 insights response; metric values are numbers.
    """

    data: Annotated[list[Engagement], Meta(min_length=1)] | UnsetType = UNSET
    errors: Annotated[list[Problem], Meta(min_length=1)] | UnsetType = UNSET
