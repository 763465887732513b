"""Response models and enumerations, generated from spec/openapi.yaml. Do not edit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeAlias

from msgspec import UNSET, Meta, UnsetType

from x_engagement._model import Model

Bucket: TypeAlias = Annotated[
    Literal["per-hour", "1day", "None", "class", "Total ∑"],
    Meta(description="Odd values, none of them a Python identifier as they stand."),
]


Count1: TypeAlias = Annotated[str, Meta(pattern="^[0-9]+$")]


Count2: TypeAlias = Annotated[int, Meta(ge=0)]


Count: TypeAlias = Count1 | Count2


Day: TypeAlias = Annotated[str, Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class EngagementError(Model):
    error: str | UnsetType = UNSET
    tweets: list[str] | UnsetType = UNSET


class EnterpriseFailure(Model):
    errors: list[str]


class Figure(Model):
    metric_type: str | UnsetType = UNSET
    metric_value: float | UnsetType = UNSET


Hour: TypeAlias = Annotated[str, Meta(pattern="^([01][0-9]|2[0-3])$")]


Kind: TypeAlias = Literal["favorites", "video_views", "quote-tweets"]


Level: TypeAlias = Literal["post", "kind", "on.day", "hour"]


Metric: TypeAlias = Literal["Likes", "video.views", "25%_played"]


class PlainError(Model):
    code: int
    message: str


class Timestamp(Model):
    iso8601_time: datetime | UnsetType = UNSET


class Value(Model):
    metric_values: list[Figure] | UnsetType = UNSET
    timestamp: Timestamp | UnsetType = UNSET


PostId: TypeAlias = Annotated[str, Meta(pattern="^[0-9]{1,19}$")]


PostIdList: TypeAlias = list[PostId]


class ProblemDetails(Model):
    title: str
    type: str
    detail: str | UnsetType = UNSET
    resource_id: str | UnsetType = UNSET
    value: str | UnsetType = UNSET


class Total(Model):
    tweet_id: PostId | UnsetType = UNSET
    value: list[Figure] | UnsetType = UNSET


class EnterpriseAnswer(Model):
    """
    Grouping names map to nested results; the other keys are fixed.
    """

    end: datetime | UnsetType = UNSET
    errors: list[str] | UnsetType = UNSET
    start: datetime | UnsetType = UNSET
    unavailable_tweet_ids: PostIdList | UnsetType = UNSET
    unsupported_for_impressions_engagements_tweet_ids: PostIdList | UnsetType = UNSET
    unsupported_for_video_views_tweet_ids: PostIdList | UnsetType = UNSET


class Point(Model):
    tweet_id: PostId | UnsetType = UNSET
    value: Value | UnsetType = UNSET


class Measured(Model):
    metrics_time_series: list[Point] | UnsetType = UNSET
    metrics_total: list[Total] | UnsetType = UNSET


class Engagement(Model):
    errors: list[EngagementError] | UnsetType = UNSET
    measurement: Measured | UnsetType = UNSET


class V2Answer(Model):
    """
    The v2 answer: "data" and "errors" (a \\backslash\\ and \"\"\" in a description).
    """

    data: list[Engagement] | UnsetType = UNSET
    errors: list[ProblemDetails] | UnsetType = UNSET
