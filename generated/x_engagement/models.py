"""Response models and enumerations, generated from spec/openapi.yaml. Do not edit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeAlias

from msgspec import UNSET, Meta, UnsetType, field

from x_engagement._model import Model

AnalyticsCount: TypeAlias = (
    Annotated[
        int,
        Meta(description="A post counter (int64); null when X has no value, which is not a zero."),
    ]
    | None
)


AnalyticsField: TypeAlias = Literal[
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
]


AnalyticsGranularity: TypeAlias = Literal["hourly", "daily", "weekly", "total"]


class AnalyticsMetrics(Model):
    """
    The counters of one bucket.
    """

    app_install_attempts: AnalyticsCount | UnsetType = UNSET
    app_opens: AnalyticsCount | UnsetType = UNSET
    bookmarks: AnalyticsCount | UnsetType = UNSET
    detail_expands: AnalyticsCount | UnsetType = UNSET
    email_tweet: AnalyticsCount | UnsetType = UNSET
    engagements: AnalyticsCount | UnsetType = UNSET
    follows: AnalyticsCount | UnsetType = UNSET
    hashtag_clicks: AnalyticsCount | UnsetType = UNSET
    impressions: AnalyticsCount | UnsetType = UNSET
    likes: AnalyticsCount | UnsetType = UNSET
    media_views: AnalyticsCount | UnsetType = UNSET
    permalink_clicks: AnalyticsCount | UnsetType = UNSET
    quote_tweets: AnalyticsCount | UnsetType = UNSET
    replies: AnalyticsCount | UnsetType = UNSET
    retweets: AnalyticsCount | UnsetType = UNSET
    shares: AnalyticsCount | UnsetType = UNSET
    unfollows: AnalyticsCount | UnsetType = UNSET
    unlikes: AnalyticsCount | UnsetType = UNSET
    url_clicks: AnalyticsCount | UnsetType = UNSET
    user_profile_clicks: AnalyticsCount | UnsetType = UNSET


AnalyticsTimestamp: TypeAlias = (
    Annotated[
        str,
        Meta(
            description="Start of a bucket, documented as an ISO 8601 date-time; a plain string in X's schema."
        ),
    ]
    | None
)


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


MediaAnalyticsField: TypeAlias = Literal[
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
]


MediaAnalyticsGranularity: TypeAlias = Literal["hourly", "daily", "total"]


MediaCount: TypeAlias = (
    Annotated[
        int | str,
        Meta(
            description="A video counter: an integer when X's backend value parses as a number, otherwise the original string (kept as a string, never coerced); null when X has no value."
        ),
    ]
    | None
)


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
    field_: str | UnsetType = field(name="field", default=UNSET)
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


class AnalyticsBucket(Model):
    metrics: AnalyticsMetrics | None | UnsetType = UNSET
    timestamp: AnalyticsTimestamp | UnsetType = UNSET


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


class MediaAnalyticsMetrics(Model):
    """
    The video counters of one bucket.
    """

    cta_url_clicks: MediaCount | UnsetType = UNSET
    cta_watch_clicks: MediaCount | UnsetType = UNSET
    play_from_tap: MediaCount | UnsetType = UNSET
    playback25: MediaCount | UnsetType = UNSET
    playback50: MediaCount | UnsetType = UNSET
    playback75: MediaCount | UnsetType = UNSET
    playback_complete: MediaCount | UnsetType = UNSET
    playback_start: MediaCount | UnsetType = UNSET
    video_views: MediaCount | UnsetType = UNSET
    watch_time_ms: MediaCount | UnsetType = UNSET


class MetricsTotalEntry(Model):
    tweet_id: TweetId | UnsetType = UNSET
    value: Annotated[list[MetricValue], Meta(min_length=1)] | UnsetType = UNSET


class TimeSeriesValue(Model):
    metric_values: list[MetricValue] | UnsetType = UNSET
    timestamp: Timestamp | UnsetType = UNSET


class Analytics(Model):
    """
    One post's counters over the range, and per bucket.
    """

    app_install_attempts: AnalyticsCount | UnsetType = UNSET
    app_opens: AnalyticsCount | UnsetType = UNSET
    bookmarks: AnalyticsCount | UnsetType = UNSET
    detail_expands: AnalyticsCount | UnsetType = UNSET
    email_tweet: AnalyticsCount | UnsetType = UNSET
    engagements: AnalyticsCount | UnsetType = UNSET
    follows: AnalyticsCount | UnsetType = UNSET
    hashtag_clicks: AnalyticsCount | UnsetType = UNSET
    id: str | UnsetType = UNSET
    impressions: AnalyticsCount | UnsetType = UNSET
    likes: AnalyticsCount | UnsetType = UNSET
    media_views: AnalyticsCount | UnsetType = UNSET
    permalink_clicks: AnalyticsCount | UnsetType = UNSET
    quote_tweets: AnalyticsCount | UnsetType = UNSET
    replies: AnalyticsCount | UnsetType = UNSET
    retweets: AnalyticsCount | UnsetType = UNSET
    shares: AnalyticsCount | UnsetType = UNSET
    timestamp: str | UnsetType = UNSET
    timestamped_metrics: list[AnalyticsBucket] | UnsetType = UNSET
    unfollows: AnalyticsCount | UnsetType = UNSET
    unlikes: AnalyticsCount | UnsetType = UNSET
    url_clicks: AnalyticsCount | UnsetType = UNSET
    user_profile_clicks: AnalyticsCount | UnsetType = UNSET


class MediaAnalyticsBucket(Model):
    metrics: MediaAnalyticsMetrics | None | UnsetType = UNSET
    timestamp: AnalyticsTimestamp | UnsetType = UNSET


class MetricsTimeSeriesEntry(Model):
    tweet_id: TweetId | UnsetType = UNSET
    value: TimeSeriesValue | UnsetType = UNSET


class PostsAnalyticsResponse(Model):
    data: list[Analytics] | UnsetType = UNSET
    errors: list[Problem] | UnsetType = UNSET


class Measurement(Model):
    metrics_time_series: list[MetricsTimeSeriesEntry] | UnsetType = UNSET
    metrics_total: list[MetricsTotalEntry] | UnsetType = UNSET


class MediaAnalytics(Model):
    """
    One media item's video counters over the range, and per bucket.
    """

    cta_url_clicks: MediaCount | UnsetType = UNSET
    cta_watch_clicks: MediaCount | UnsetType = UNSET
    media_key: str | UnsetType = UNSET
    play_from_tap: MediaCount | UnsetType = UNSET
    playback25: MediaCount | UnsetType = UNSET
    playback50: MediaCount | UnsetType = UNSET
    playback75: MediaCount | UnsetType = UNSET
    playback_complete: MediaCount | UnsetType = UNSET
    playback_start: MediaCount | UnsetType = UNSET
    timestamp: str | UnsetType = UNSET
    timestamped_metrics: list[MediaAnalyticsBucket] | UnsetType = UNSET
    video_views: MediaCount | UnsetType = UNSET
    watch_time_ms: MediaCount | UnsetType = UNSET


class MediaAnalyticsResponse(Model):
    data: list[MediaAnalytics] | UnsetType = UNSET
    errors: list[Problem] | UnsetType = UNSET


class Engagement(Model):
    errors: list[EngagementError] | UnsetType = UNSET
    measurement: Measurement | UnsetType = UNSET


class InsightsResponse(Model):
    """
    v2 insights response; metric values are numbers.
    """

    data: Annotated[list[Engagement], Meta(min_length=1)] | UnsetType = UNSET
    errors: Annotated[list[Problem], Meta(min_length=1)] | UnsetType = UNSET
