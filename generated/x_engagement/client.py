"""Client and AsyncClient: one method per operation of spec/openapi.yaml. Generated; do not edit.

Settings, lifecycle and the retry and deadline loops are hand-written in `x_engagement._sending`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import cast

from x_engagement import _batching, _operations, models
from x_engagement._batching import BatchResult, Progress
from x_engagement._params import Grouping, TotalsGrouping
from x_engagement._results import AnalyticsResult, EngagementResult, InsightsResult
from x_engagement._sending import BaseAsyncBatch, BaseAsyncClient, BaseBatch, BaseClient


class Client(BaseClient):
    __doc__ = BaseClient.__doc__

    @cached_property
    def batch(self) -> BatchMethods:
        return BatchMethods(self)

    def get_engagement_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
    ) -> EngagementResult:
        """Engagement metrics of owned posts over the last 28 hours (Enterprise).

        `POST /insights/engagement/28hr` on https://data-api.twitter.com or https://data-api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: (not described in the spec)
            engagement_types: (not described in the spec)
            groupings: Named groupings (at most 3); each name becomes a top-level key of the
                response.
        """
        return cast(
            EngagementResult,
            self._call(
                _operations.GET_ENGAGEMENT_28HR,
                {
                    "tweet_ids": tweet_ids,
                    "engagement_types": engagement_types,
                    "groupings": groupings,
                },
            ),
        )

    def get_engagement_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
        start: datetime | date | str | None = None,
        end: datetime | date | str | None = None,
    ) -> EngagementResult:
        """Engagement metrics of owned posts over a range of at most 4 weeks (Enterprise).

        `POST /insights/engagement/historical` on https://data-api.twitter.com or https://data-api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: (not described in the spec)
            engagement_types: (not described in the spec)
            groupings: Named groupings (at most 3); each name becomes a top-level key of the
                response.
            start: UTC, either a date (YYYY-MM-DD) or a date-time ending in Z; widened to whole
                hours.
            end: UTC, either a date (YYYY-MM-DD) or a date-time ending in Z; widened to whole
                hours.
        """
        return cast(
            EngagementResult,
            self._call(
                _operations.GET_ENGAGEMENT_HISTORICAL,
                {
                    "tweet_ids": tweet_ids,
                    "engagement_types": engagement_types,
                    "groupings": groupings,
                    "start": start,
                    "end": end,
                },
            ),
        )

    def get_engagement_totals(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.TotalsEngagementType],
        groupings: Mapping[str, TotalsGrouping],
    ) -> EngagementResult:
        """Lifetime engagement totals of up to 250 posts (Enterprise).

        `POST /insights/engagement/totals` on https://data-api.twitter.com or https://data-api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: (not described in the spec)
            engagement_types: (not described in the spec)
            groupings: (not described in the spec)
        """
        return cast(
            EngagementResult,
            self._call(
                _operations.GET_ENGAGEMENT_TOTALS,
                {
                    "tweet_ids": tweet_ids,
                    "engagement_types": engagement_types,
                    "groupings": groupings,
                },
            ),
        )

    def get_insights_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
    ) -> InsightsResult:
        """Engagement metrics of posts over the last 28 hours (v2).

        `GET /2/insights/28hr` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: Post ids, comma-separated on the wire.
            granularity: Bucket size of the returned metrics.
            requested_metrics: Metrics to return, comma-separated on the wire.
            engagement_fields: Fields of the Engagement object to return, comma-separated on the
                wire.
        """
        return cast(
            InsightsResult,
            self._call(
                _operations.GET_INSIGHTS_28HR,
                {
                    "tweet_ids": tweet_ids,
                    "granularity": granularity,
                    "requested_metrics": requested_metrics,
                    "engagement.fields": engagement_fields,
                },
            ),
        )

    def get_insights_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
    ) -> InsightsResult:
        """Engagement metrics of posts over a time range (v2).

        `GET /2/insights/historical` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: Post ids, comma-separated on the wire.
            start_time: UTC start of the range, YYYY-MM-DDTHH:mm:ssZ.
            end_time: UTC end of the range, YYYY-MM-DDTHH:mm:ssZ.
            granularity: Bucket size of the returned metrics.
            requested_metrics: Metrics to return, comma-separated on the wire.
            engagement_fields: Fields of the Engagement object to return, comma-separated on the
                wire.
        """
        return cast(
            InsightsResult,
            self._call(
                _operations.GET_INSIGHTS_HISTORICAL,
                {
                    "tweet_ids": tweet_ids,
                    "start_time": start_time,
                    "end_time": end_time,
                    "granularity": granularity,
                    "requested_metrics": requested_metrics,
                    "engagement.fields": engagement_fields,
                },
            ),
        )

    def get_media_analytics(
        self,
        *,
        media_keys: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.MediaAnalyticsGranularity | None = None,
        media_analytics_fields: Sequence[models.MediaAnalyticsField] | None = None,
    ) -> AnalyticsResult:
        """Video counters of media over a time range, bucketed (media analytics).

        `GET /2/media/analytics` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            media_keys: Media keys (1 to 100), comma-separated on the wire.
            start_time: UTC start of the range, YYYY-MM-DDTHH:mm:ssZ.
            end_time: UTC end of the range, YYYY-MM-DDTHH:mm:ssZ.
            granularity: Bucket size of `timestamped_metrics` (default daily; no weekly).
            media_analytics_fields: Fields of the MediaAnalytics object to return.
        """
        return cast(
            AnalyticsResult,
            self._call(
                _operations.GET_MEDIA_ANALYTICS,
                {
                    "media_keys": media_keys,
                    "start_time": start_time,
                    "end_time": end_time,
                    "granularity": granularity,
                    "media_analytics.fields": media_analytics_fields,
                },
            ),
        )

    def get_posts_analytics(
        self,
        *,
        ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.AnalyticsGranularity | None = None,
        analytics_fields: Sequence[models.AnalyticsField] | None = None,
    ) -> AnalyticsResult:
        """Engagement counters of posts over a time range, bucketed (post analytics).

        `GET /2/tweets/analytics` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            ids: Post ids (1 to 100), comma-separated on the wire.
            start_time: UTC start of the range, YYYY-MM-DDTHH:mm:ssZ.
            end_time: UTC end of the range, YYYY-MM-DDTHH:mm:ssZ.
            granularity: Bucket size of `timestamped_metrics` (default total).
            analytics_fields: Fields of the Analytics object to return (the counters, id,
                timestamp, timestamped_metrics).
        """
        return cast(
            AnalyticsResult,
            self._call(
                _operations.GET_POSTS_ANALYTICS,
                {
                    "ids": ids,
                    "start_time": start_time,
                    "end_time": end_time,
                    "granularity": granularity,
                    "analytics.fields": analytics_fields,
                },
            ),
        )


class AsyncClient(BaseAsyncClient):
    __doc__ = BaseAsyncClient.__doc__

    @cached_property
    def batch(self) -> AsyncBatchMethods:
        return AsyncBatchMethods(self)

    async def get_engagement_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
    ) -> EngagementResult:
        """Engagement metrics of owned posts over the last 28 hours (Enterprise).

        `POST /insights/engagement/28hr` on https://data-api.twitter.com or https://data-api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: (not described in the spec)
            engagement_types: (not described in the spec)
            groupings: Named groupings (at most 3); each name becomes a top-level key of the
                response.
        """
        return cast(
            EngagementResult,
            await self._call(
                _operations.GET_ENGAGEMENT_28HR,
                {
                    "tweet_ids": tweet_ids,
                    "engagement_types": engagement_types,
                    "groupings": groupings,
                },
            ),
        )

    async def get_engagement_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
        start: datetime | date | str | None = None,
        end: datetime | date | str | None = None,
    ) -> EngagementResult:
        """Engagement metrics of owned posts over a range of at most 4 weeks (Enterprise).

        `POST /insights/engagement/historical` on https://data-api.twitter.com or https://data-api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: (not described in the spec)
            engagement_types: (not described in the spec)
            groupings: Named groupings (at most 3); each name becomes a top-level key of the
                response.
            start: UTC, either a date (YYYY-MM-DD) or a date-time ending in Z; widened to whole
                hours.
            end: UTC, either a date (YYYY-MM-DD) or a date-time ending in Z; widened to whole
                hours.
        """
        return cast(
            EngagementResult,
            await self._call(
                _operations.GET_ENGAGEMENT_HISTORICAL,
                {
                    "tweet_ids": tweet_ids,
                    "engagement_types": engagement_types,
                    "groupings": groupings,
                    "start": start,
                    "end": end,
                },
            ),
        )

    async def get_engagement_totals(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.TotalsEngagementType],
        groupings: Mapping[str, TotalsGrouping],
    ) -> EngagementResult:
        """Lifetime engagement totals of up to 250 posts (Enterprise).

        `POST /insights/engagement/totals` on https://data-api.twitter.com or https://data-api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: (not described in the spec)
            engagement_types: (not described in the spec)
            groupings: (not described in the spec)
        """
        return cast(
            EngagementResult,
            await self._call(
                _operations.GET_ENGAGEMENT_TOTALS,
                {
                    "tweet_ids": tweet_ids,
                    "engagement_types": engagement_types,
                    "groupings": groupings,
                },
            ),
        )

    async def get_insights_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
    ) -> InsightsResult:
        """Engagement metrics of posts over the last 28 hours (v2).

        `GET /2/insights/28hr` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: Post ids, comma-separated on the wire.
            granularity: Bucket size of the returned metrics.
            requested_metrics: Metrics to return, comma-separated on the wire.
            engagement_fields: Fields of the Engagement object to return, comma-separated on the
                wire.
        """
        return cast(
            InsightsResult,
            await self._call(
                _operations.GET_INSIGHTS_28HR,
                {
                    "tweet_ids": tweet_ids,
                    "granularity": granularity,
                    "requested_metrics": requested_metrics,
                    "engagement.fields": engagement_fields,
                },
            ),
        )

    async def get_insights_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
    ) -> InsightsResult:
        """Engagement metrics of posts over a time range (v2).

        `GET /2/insights/historical` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            tweet_ids: Post ids, comma-separated on the wire.
            start_time: UTC start of the range, YYYY-MM-DDTHH:mm:ssZ.
            end_time: UTC end of the range, YYYY-MM-DDTHH:mm:ssZ.
            granularity: Bucket size of the returned metrics.
            requested_metrics: Metrics to return, comma-separated on the wire.
            engagement_fields: Fields of the Engagement object to return, comma-separated on the
                wire.
        """
        return cast(
            InsightsResult,
            await self._call(
                _operations.GET_INSIGHTS_HISTORICAL,
                {
                    "tweet_ids": tweet_ids,
                    "start_time": start_time,
                    "end_time": end_time,
                    "granularity": granularity,
                    "requested_metrics": requested_metrics,
                    "engagement.fields": engagement_fields,
                },
            ),
        )

    async def get_media_analytics(
        self,
        *,
        media_keys: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.MediaAnalyticsGranularity | None = None,
        media_analytics_fields: Sequence[models.MediaAnalyticsField] | None = None,
    ) -> AnalyticsResult:
        """Video counters of media over a time range, bucketed (media analytics).

        `GET /2/media/analytics` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            media_keys: Media keys (1 to 100), comma-separated on the wire.
            start_time: UTC start of the range, YYYY-MM-DDTHH:mm:ssZ.
            end_time: UTC end of the range, YYYY-MM-DDTHH:mm:ssZ.
            granularity: Bucket size of `timestamped_metrics` (default daily; no weekly).
            media_analytics_fields: Fields of the MediaAnalytics object to return.
        """
        return cast(
            AnalyticsResult,
            await self._call(
                _operations.GET_MEDIA_ANALYTICS,
                {
                    "media_keys": media_keys,
                    "start_time": start_time,
                    "end_time": end_time,
                    "granularity": granularity,
                    "media_analytics.fields": media_analytics_fields,
                },
            ),
        )

    async def get_posts_analytics(
        self,
        *,
        ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.AnalyticsGranularity | None = None,
        analytics_fields: Sequence[models.AnalyticsField] | None = None,
    ) -> AnalyticsResult:
        """Engagement counters of posts over a time range, bucketed (post analytics).

        `GET /2/tweets/analytics` on https://api.x.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            ids: Post ids (1 to 100), comma-separated on the wire.
            start_time: UTC start of the range, YYYY-MM-DDTHH:mm:ssZ.
            end_time: UTC end of the range, YYYY-MM-DDTHH:mm:ssZ.
            granularity: Bucket size of `timestamped_metrics` (default total).
            analytics_fields: Fields of the Analytics object to return (the counters, id,
                timestamp, timestamped_metrics).
        """
        return cast(
            AnalyticsResult,
            await self._call(
                _operations.GET_POSTS_ANALYTICS,
                {
                    "ids": ids,
                    "start_time": start_time,
                    "end_time": end_time,
                    "granularity": granularity,
                    "analytics.fields": analytics_fields,
                },
            ),
        )


class BatchMethods(BaseBatch):
    __doc__ = f"{BaseBatch.__doc__}\n    Batch sizes: 25 or 250 or 100 ids."

    def get_engagement_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Engagement metrics of owned posts over the last 28 hours (Enterprise). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_ENGAGEMENT_28HR,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def get_engagement_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
        start: datetime | date | str | None = None,
        end: datetime | date | str | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Engagement metrics of owned posts over a range of at most 4 weeks (Enterprise). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_ENGAGEMENT_HISTORICAL,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
                "start": start,
                "end": end,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def get_engagement_totals(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.TotalsEngagementType],
        groupings: Mapping[str, TotalsGrouping],
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Lifetime engagement totals of up to 250 posts (Enterprise). Batched: chunks of 250 ids."""
        calls = _batching.plan(
            _operations.GET_ENGAGEMENT_TOTALS,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def get_insights_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Engagement metrics of posts over the last 28 hours (v2). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_INSIGHTS_28HR,
            {
                "tweet_ids": tweet_ids,
                "granularity": granularity,
                "requested_metrics": requested_metrics,
                "engagement.fields": engagement_fields,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def get_insights_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Engagement metrics of posts over a time range (v2). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_INSIGHTS_HISTORICAL,
            {
                "tweet_ids": tweet_ids,
                "start_time": start_time,
                "end_time": end_time,
                "granularity": granularity,
                "requested_metrics": requested_metrics,
                "engagement.fields": engagement_fields,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def get_media_analytics(
        self,
        *,
        media_keys: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.MediaAnalyticsGranularity | None = None,
        media_analytics_fields: Sequence[models.MediaAnalyticsField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[AnalyticsResult]:
        """Video counters of media over a time range, bucketed (media analytics). Batched: chunks of 100 ids."""
        calls = _batching.plan(
            _operations.GET_MEDIA_ANALYTICS,
            {
                "media_keys": media_keys,
                "start_time": start_time,
                "end_time": end_time,
                "granularity": granularity,
                "media_analytics.fields": media_analytics_fields,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def get_posts_analytics(
        self,
        *,
        ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.AnalyticsGranularity | None = None,
        analytics_fields: Sequence[models.AnalyticsField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[AnalyticsResult]:
        """Engagement counters of posts over a time range, bucketed (post analytics). Batched: chunks of 100 ids."""
        calls = _batching.plan(
            _operations.GET_POSTS_ANALYTICS,
            {
                "ids": ids,
                "start_time": start_time,
                "end_time": end_time,
                "granularity": granularity,
                "analytics.fields": analytics_fields,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)


class AsyncBatchMethods(BaseAsyncBatch):
    __doc__ = BaseAsyncBatch.__doc__

    async def get_engagement_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Engagement metrics of owned posts over the last 28 hours (Enterprise). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_ENGAGEMENT_28HR,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def get_engagement_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.EngagementType],
        groupings: Mapping[str, Grouping],
        start: datetime | date | str | None = None,
        end: datetime | date | str | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Engagement metrics of owned posts over a range of at most 4 weeks (Enterprise). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_ENGAGEMENT_HISTORICAL,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
                "start": start,
                "end": end,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def get_engagement_totals(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.TotalsEngagementType],
        groupings: Mapping[str, TotalsGrouping],
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Lifetime engagement totals of up to 250 posts (Enterprise). Batched: chunks of 250 ids."""
        calls = _batching.plan(
            _operations.GET_ENGAGEMENT_TOTALS,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def get_insights_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Engagement metrics of posts over the last 28 hours (v2). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_INSIGHTS_28HR,
            {
                "tweet_ids": tweet_ids,
                "granularity": granularity,
                "requested_metrics": requested_metrics,
                "engagement.fields": engagement_fields,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def get_insights_historical(
        self,
        *,
        tweet_ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Engagement metrics of posts over a time range (v2). Batched: chunks of 25 ids."""
        calls = _batching.plan(
            _operations.GET_INSIGHTS_HISTORICAL,
            {
                "tweet_ids": tweet_ids,
                "start_time": start_time,
                "end_time": end_time,
                "granularity": granularity,
                "requested_metrics": requested_metrics,
                "engagement.fields": engagement_fields,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def get_media_analytics(
        self,
        *,
        media_keys: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.MediaAnalyticsGranularity | None = None,
        media_analytics_fields: Sequence[models.MediaAnalyticsField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[AnalyticsResult]:
        """Video counters of media over a time range, bucketed (media analytics). Batched: chunks of 100 ids."""
        calls = _batching.plan(
            _operations.GET_MEDIA_ANALYTICS,
            {
                "media_keys": media_keys,
                "start_time": start_time,
                "end_time": end_time,
                "granularity": granularity,
                "media_analytics.fields": media_analytics_fields,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def get_posts_analytics(
        self,
        *,
        ids: Sequence[str],
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: models.AnalyticsGranularity | None = None,
        analytics_fields: Sequence[models.AnalyticsField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[AnalyticsResult]:
        """Engagement counters of posts over a time range, bucketed (post analytics). Batched: chunks of 100 ids."""
        calls = _batching.plan(
            _operations.GET_POSTS_ANALYTICS,
            {
                "ids": ids,
                "start_time": start_time,
                "end_time": end_time,
                "granularity": granularity,
                "analytics.fields": analytics_fields,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )
