"""Client and AsyncClient: one method per operation of spec/openapi.yaml. Generated; do not edit.

Settings, lifecycle and the retry and deadline loops are hand-written in `x_engagement._sending`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cached_property
from typing import Literal, cast

from x_engagement import _batching, _operations, models
from x_engagement._batching import BatchResult, Progress
from x_engagement._params import groupingSpec
from x_engagement._results import EngagementResult, InsightsResult
from x_engagement._sending import BaseAsyncBatch, BaseAsyncClient, BaseBatch, BaseClient


class Client(BaseClient):
    __doc__ = BaseClient.__doc__

    @cached_property
    def batch(self) -> BatchMethods:
        return BatchMethods(self)

    def get_recent_insights(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        want_fields: Sequence[Literal["errors", "measurement", "it's"]] | None = None,
    ) -> InsightsResult:
        """Recent metrics; a summary with "quotes", a back\\slash and {braces}.

        `GET /2/insights/recent` on https://api.example.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            post_ids: Post ids; "comma-separated" on the wire (C:\\ids\\, {not a template}).
            bucket: Bucket size.
            wanted: Metrics to return.
            want_fields: Which parts of the answer to return.
        """
        return cast(
            InsightsResult,
            self._call(
                _operations.GET_RECENT_INSIGHTS,
                {
                    "post_ids": post_ids,
                    "bucket": bucket,
                    "wanted": wanted,
                    "want.fields": want_fields,
                },
            ),
        )

    def lookup_insights_2x_historical(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        from_: datetime | str,
        until: datetime | str | None = None,
    ) -> InsightsResult:
        """Metrics over a range ("from" is a Python keyword): \"\"\"triple\"\"\" quotes stay inside the docstring.

        `GET /2/insights/range` on https://labs.example.com/v2/.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            post_ids: Post ids; "comma-separated" on the wire (C:\\ids\\, {not a template}).
            bucket: Bucket size.
            wanted: Metrics to return.
            from_: Start of the range; a keyword in Python, so the argument is `from_`. Ends
                with a backslash \\
            until: End of the range (defaults to now).
        """
        return cast(
            InsightsResult,
            self._call(
                _operations.LOOKUP_INSIGHTS_2X_HISTORICAL,
                {
                    "post_ids": post_ids,
                    "bucket": bucket,
                    "wanted": wanted,
                    "from": from_,
                    "until": until,
                },
            ),
        )

    def post_totals_v2_enterprise(
        self,
        *,
        ids: Sequence[str],
        kinds: Sequence[models.Kind],
        nests: Mapping[str, groupingSpec],
    ) -> EngagementResult:
        """Lifetime totals, grouped.

        `POST /enterprise/totals` on https://data.example.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            ids: (not described in the spec)
            kinds: (not described in the spec)
            nests: Named groupings.
        """
        return cast(
            EngagementResult,
            self._call(
                _operations.POST_TOTALS_V2_ENTERPRISE,
                {
                    "ids": ids,
                    "kinds": kinds,
                    "nests": nests,
                },
            ),
        )


class AsyncClient(BaseAsyncClient):
    __doc__ = BaseAsyncClient.__doc__

    @cached_property
    def batch(self) -> AsyncBatchMethods:
        return AsyncBatchMethods(self)

    async def get_recent_insights(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        want_fields: Sequence[Literal["errors", "measurement", "it's"]] | None = None,
    ) -> InsightsResult:
        """Recent metrics; a summary with "quotes", a back\\slash and {braces}.

        `GET /2/insights/recent` on https://api.example.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            post_ids: Post ids; "comma-separated" on the wire (C:\\ids\\, {not a template}).
            bucket: Bucket size.
            wanted: Metrics to return.
            want_fields: Which parts of the answer to return.
        """
        return cast(
            InsightsResult,
            await self._call(
                _operations.GET_RECENT_INSIGHTS,
                {
                    "post_ids": post_ids,
                    "bucket": bucket,
                    "wanted": wanted,
                    "want.fields": want_fields,
                },
            ),
        )

    async def lookup_insights_2x_historical(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        from_: datetime | str,
        until: datetime | str | None = None,
    ) -> InsightsResult:
        """Metrics over a range ("from" is a Python keyword): \"\"\"triple\"\"\" quotes stay inside the docstring.

        `GET /2/insights/range` on https://labs.example.com/v2/.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            post_ids: Post ids; "comma-separated" on the wire (C:\\ids\\, {not a template}).
            bucket: Bucket size.
            wanted: Metrics to return.
            from_: Start of the range; a keyword in Python, so the argument is `from_`. Ends
                with a backslash \\
            until: End of the range (defaults to now).
        """
        return cast(
            InsightsResult,
            await self._call(
                _operations.LOOKUP_INSIGHTS_2X_HISTORICAL,
                {
                    "post_ids": post_ids,
                    "bucket": bucket,
                    "wanted": wanted,
                    "from": from_,
                    "until": until,
                },
            ),
        )

    async def post_totals_v2_enterprise(
        self,
        *,
        ids: Sequence[str],
        kinds: Sequence[models.Kind],
        nests: Mapping[str, groupingSpec],
    ) -> EngagementResult:
        """Lifetime totals, grouped.

        `POST /enterprise/totals` on https://data.example.com.
        Raises InvalidRequest before sending when an argument breaks the spec.

        Args:
            ids: (not described in the spec)
            kinds: (not described in the spec)
            nests: Named groupings.
        """
        return cast(
            EngagementResult,
            await self._call(
                _operations.POST_TOTALS_V2_ENTERPRISE,
                {
                    "ids": ids,
                    "kinds": kinds,
                    "nests": nests,
                },
            ),
        )


class BatchMethods(BaseBatch):
    __doc__ = f"{BaseBatch.__doc__}\n    Batch sizes: 7 or 11 ids."

    def get_recent_insights(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        want_fields: Sequence[Literal["errors", "measurement", "it's"]] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Recent metrics; a summary with "quotes", a back\\slash and {braces}. Batched: chunks of 7 ids."""
        calls = _batching.plan(
            _operations.GET_RECENT_INSIGHTS,
            {
                "post_ids": post_ids,
                "bucket": bucket,
                "wanted": wanted,
                "want.fields": want_fields,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def lookup_insights_2x_historical(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        from_: datetime | str,
        until: datetime | str | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Metrics over a range ("from" is a Python keyword): \"\"\"triple\"\"\" quotes stay inside the docstring. Batched: chunks of 7 ids."""
        calls = _batching.plan(
            _operations.LOOKUP_INSIGHTS_2X_HISTORICAL,
            {
                "post_ids": post_ids,
                "bucket": bucket,
                "wanted": wanted,
                "from": from_,
                "until": until,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)

    def post_totals_v2_enterprise(
        self,
        *,
        ids: Sequence[str],
        kinds: Sequence[models.Kind],
        nests: Mapping[str, groupingSpec],
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Lifetime totals, grouped. Batched: chunks of 11 ids."""
        calls = _batching.plan(
            _operations.POST_TOTALS_V2_ENTERPRISE,
            {
                "ids": ids,
                "kinds": kinds,
                "nests": nests,
            },
            self._client._settings,
        )
        return _batching.run_sync(self._client._send, calls, concurrency, on_progress, deadline)


class AsyncBatchMethods(BaseAsyncBatch):
    __doc__ = BaseAsyncBatch.__doc__

    async def get_recent_insights(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        want_fields: Sequence[Literal["errors", "measurement", "it's"]] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Recent metrics; a summary with "quotes", a back\\slash and {braces}. Batched: chunks of 7 ids."""
        calls = _batching.plan(
            _operations.GET_RECENT_INSIGHTS,
            {
                "post_ids": post_ids,
                "bucket": bucket,
                "wanted": wanted,
                "want.fields": want_fields,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def lookup_insights_2x_historical(
        self,
        *,
        post_ids: Sequence[str],
        bucket: models.Bucket,
        wanted: Sequence[models.Metric],
        from_: datetime | str,
        until: datetime | str | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[InsightsResult]:
        """Metrics over a range ("from" is a Python keyword): \"\"\"triple\"\"\" quotes stay inside the docstring. Batched: chunks of 7 ids."""
        calls = _batching.plan(
            _operations.LOOKUP_INSIGHTS_2X_HISTORICAL,
            {
                "post_ids": post_ids,
                "bucket": bucket,
                "wanted": wanted,
                "from": from_,
                "until": until,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )

    async def post_totals_v2_enterprise(
        self,
        *,
        ids: Sequence[str],
        kinds: Sequence[models.Kind],
        nests: Mapping[str, groupingSpec],
        concurrency: int = 4,
        on_progress: Progress | None = None,
        deadline: float | None = None,
    ) -> BatchResult[EngagementResult]:
        """Lifetime totals, grouped. Batched: chunks of 11 ids."""
        calls = _batching.plan(
            _operations.POST_TOTALS_V2_ENTERPRISE,
            {
                "ids": ids,
                "kinds": kinds,
                "nests": nests,
            },
            self._client._settings,
        )
        return await _batching.run_async(
            self._client._send, calls, concurrency, on_progress, deadline
        )
