"""Client and AsyncClient: one method per operation of spec/openapi.yaml. Generated; do not edit."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, cast

import httpx

from x_engagement import _spec, batching, models
from x_engagement._call import DEFAULT_TIMEOUT, Call, Settings, read_raw
from x_engagement._request import OperationSpec
from x_engagement._response import Result
from x_engagement.auth import BearerToken, OAuth1, Secret, credentials_from_env
from x_engagement.batching import BatchResult, Progress
from x_engagement.errors import TransportError
from x_engagement.params import TotalsGrouping
from x_engagement.recording import Recorder
from x_engagement.results import EngagementResult, InsightsResult
from x_engagement.retry import RetryPolicy


def _settings(
    bearer_token: str | Secret | BearerToken | None,
    oauth1: OAuth1 | None,
    base_url: str | None,
    retry: RetryPolicy | None,
) -> Settings:
    bearer = BearerToken(bearer_token) if isinstance(bearer_token, str | Secret) else bearer_token
    return Settings(bearer=bearer, oauth1=oauth1, base_url=base_url, retry=retry or RetryPolicy())


class Client:
    """Synchronous client for both variants.

    Without `base_url` each operation goes to its own server (v2: api.x.com, Enterprise:
    data-api.twitter.com); with it, every operation goes to that host (a mock, a proxy).
    """

    def __init__(
        self,
        *,
        bearer_token: str | Secret | BearerToken | None = None,
        oauth1: OAuth1 | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        record_to: str | os.PathLike[str] | None = None,
    ) -> None:
        self._settings = _settings(bearer_token, oauth1, base_url, retry)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout)
        if record_to is not None:  # opt-in: every exchange to a JSON Lines file, secrets removed
            self._http.event_hooks["response"].append(Recorder(record_to).hook)
        self._sleep = sleep
        self._clock = clock
        self.batch = BatchMethods(self)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Self:
        """Credentials from X_BEARER_TOKEN and/or X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET."""
        bearer, oauth1 = credentials_from_env()
        return cls(bearer_token=bearer, oauth1=oauth1, **kwargs)

    def __repr__(self) -> str:
        return f"Client({self._settings.describe()})"

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

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
        """

        return cast(
            EngagementResult,
            self._call(
                _spec.GET_ENGAGEMENT_TOTALS,
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
        """

        return cast(
            InsightsResult,
            self._call(
                _spec.GET_INSIGHTS_28HR,
                {
                    "tweet_ids": tweet_ids,
                    "granularity": granularity,
                    "requested_metrics": requested_metrics,
                    "engagement.fields": engagement_fields,
                },
            ),
        )

    def _call(self, op: OperationSpec, arguments: Mapping[str, Any]) -> Result:
        return self._send(Call(op, arguments, self._settings))

    def _send(self, call: Call) -> Result:
        op = call.op
        attempt = 0
        while True:
            request = call.request()
            try:
                response = self._http.send(request, stream=True)
                try:
                    raw, headers = read_raw(response) or (
                        b"".join(response.iter_raw()),
                        response.headers,
                    )
                finally:
                    response.close()
            except httpx.TransportError as exc:
                delay = call.connection_retry_delay(exc, attempt)
                if delay is None:
                    raise TransportError(
                        f"{op.operation_id}: {type(exc).__name__}: {exc}", call.info
                    ) from exc
            else:
                delay = call.retry_delay(response.status_code, headers, attempt, self._clock())
                if delay is None:
                    return call.result(response.status_code, headers, raw)
            self._sleep(delay)
            attempt += 1


class AsyncClient:
    """Asynchronous twin of Client: the same methods, awaited."""

    def __init__(
        self,
        *,
        bearer_token: str | Secret | BearerToken | None = None,
        oauth1: OAuth1 | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        record_to: str | os.PathLike[str] | None = None,
    ) -> None:
        self._settings = _settings(bearer_token, oauth1, base_url, retry)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        if record_to is not None:  # opt-in: every exchange to a JSON Lines file, secrets removed
            self._http.event_hooks["response"].append(Recorder(record_to).async_hook)
        self._sleep = sleep
        self._clock = clock
        self.batch = AsyncBatchMethods(self)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Self:
        """Credentials from the same environment variables as Client.from_env."""
        bearer, oauth1 = credentials_from_env()
        return cls(bearer_token=bearer, oauth1=oauth1, **kwargs)

    def __repr__(self) -> str:
        return f"AsyncClient({self._settings.describe()})"

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

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
        """

        return cast(
            EngagementResult,
            await self._call(
                _spec.GET_ENGAGEMENT_TOTALS,
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
        """

        return cast(
            InsightsResult,
            await self._call(
                _spec.GET_INSIGHTS_28HR,
                {
                    "tweet_ids": tweet_ids,
                    "granularity": granularity,
                    "requested_metrics": requested_metrics,
                    "engagement.fields": engagement_fields,
                },
            ),
        )

    async def _call(self, op: OperationSpec, arguments: Mapping[str, Any]) -> Result:
        return await self._send(Call(op, arguments, self._settings))

    async def _send(self, call: Call) -> Result:
        op = call.op
        attempt = 0
        while True:
            request = call.request()
            try:
                response = await self._http.send(request, stream=True)
                try:
                    raw, headers = read_raw(response) or (
                        b"".join([chunk async for chunk in response.aiter_raw()]),
                        response.headers,
                    )
                finally:
                    await response.aclose()
            except httpx.TransportError as exc:
                delay = call.connection_retry_delay(exc, attempt)
                if delay is None:
                    raise TransportError(
                        f"{op.operation_id}: {type(exc).__name__}: {exc}", call.info
                    ) from exc
            else:
                delay = call.retry_delay(response.status_code, headers, attempt, self._clock())
                if delay is None:
                    return call.result(response.status_code, headers, raw)
            await self._sleep(delay)
            attempt += 1


class BatchMethods:
    """`client.batch.<operation>(...)`: any number of tweet ids, split into requests the API
    accepts (250 or 25 ids), sent `concurrency` at a time, merged.

    Every chunk is validated before the first request; a failed chunk lands in `failures`
    while the data of the others is kept. `on_progress(done, total)` runs after each chunk.
    """

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_engagement_totals(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.TotalsEngagementType],
        groupings: Mapping[str, TotalsGrouping],
        concurrency: int = 4,
        on_progress: Progress | None = None,
    ) -> BatchResult[EngagementResult]:
        """Lifetime engagement totals of up to 250 posts (Enterprise). Batched: chunks of 250 ids."""
        calls = batching.plan(
            _spec.GET_ENGAGEMENT_TOTALS,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
            },
            self._client._settings,
        )
        return batching.run_sync(self._client._send, calls, concurrency, on_progress)

    def get_insights_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
    ) -> BatchResult[InsightsResult]:
        """Engagement metrics of posts over the last 28 hours (v2). Batched: chunks of 25 ids."""
        calls = batching.plan(
            _spec.GET_INSIGHTS_28HR,
            {
                "tweet_ids": tweet_ids,
                "granularity": granularity,
                "requested_metrics": requested_metrics,
                "engagement.fields": engagement_fields,
            },
            self._client._settings,
        )
        return batching.run_sync(self._client._send, calls, concurrency, on_progress)


class AsyncBatchMethods:
    """The async twin of BatchMethods: `await client.batch.<operation>(...)`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get_engagement_totals(
        self,
        *,
        tweet_ids: Sequence[str],
        engagement_types: Sequence[models.TotalsEngagementType],
        groupings: Mapping[str, TotalsGrouping],
        concurrency: int = 4,
        on_progress: Progress | None = None,
    ) -> BatchResult[EngagementResult]:
        """Lifetime engagement totals of up to 250 posts (Enterprise). Batched: chunks of 250 ids."""
        calls = batching.plan(
            _spec.GET_ENGAGEMENT_TOTALS,
            {
                "tweet_ids": tweet_ids,
                "engagement_types": engagement_types,
                "groupings": groupings,
            },
            self._client._settings,
        )
        return await batching.run_async(self._client._send, calls, concurrency, on_progress)

    async def get_insights_28hr(
        self,
        *,
        tweet_ids: Sequence[str],
        granularity: models.Granularity,
        requested_metrics: Sequence[models.V2Metric],
        engagement_fields: Sequence[models.EngagementField] | None = None,
        concurrency: int = 4,
        on_progress: Progress | None = None,
    ) -> BatchResult[InsightsResult]:
        """Engagement metrics of posts over the last 28 hours (v2). Batched: chunks of 25 ids."""
        calls = batching.plan(
            _spec.GET_INSIGHTS_28HR,
            {
                "tweet_ids": tweet_ids,
                "granularity": granularity,
                "requested_metrics": requested_metrics,
                "engagement.fields": engagement_fields,
            },
            self._client._settings,
        )
        return await batching.run_async(self._client._send, calls, concurrency, on_progress)
