"""Any number of tweet ids: split into requests the API accepts, run them concurrently, merge.

A failed chunk never costs the data of the others: its ids and error are kept in `failures`.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, Generic, TypeVar

import msgspec
from msgspec import UNSET, field

from x_engagement import _hints, _spec
from x_engagement._call import Call, Settings
from x_engagement._errors import InvalidRequest
from x_engagement._operation import OperationSpec
from x_engagement._response import Result
from x_engagement._results import (
    AnalyticsResult,
    EngagementResult,
    GroupingTree,
    InsightsResult,
    Requested,
    TableMethods,
    combine_messages,
)
from x_engagement.table import Row

R = TypeVar("R", InsightsResult, EngagementResult, AnalyticsResult)
Progress = Callable[[int, int], None]


class ChunkFailure(msgspec.Struct, frozen=True):
    """One request of a batch that failed after its retries.

    `error` is usually an XEngagementError; it is whatever the chunk raised (say, from a custom
    transport or event hook), because one chunk's failure never costs the others' data.
    """

    tweet_ids: list[str]
    error: Exception


class BatchResult(msgspec.Struct, TableMethods, Generic[R], frozen=True):
    """Per-chunk results in request order, the failed chunks, and everything merged.

    `to_rows()` and the table exports are those of `merged` (no rows when every chunk failed).
    """

    results: list[R]
    failures: list[ChunkFailure] = field(default_factory=list)

    @property
    def merged(self) -> R | None:
        """All successful chunks as one result (Enterprise counts that share a key are summed)."""
        if not self.results:
            return None
        first = self.results[0]
        if isinstance(first, InsightsResult):
            return merge_insights(self.results)
        if isinstance(first, AnalyticsResult):
            return merge_analytics(self.results)
        return merge_engagement(self.results)

    def to_rows(self) -> list[Row]:
        whole: InsightsResult | EngagementResult | AnalyticsResult | None = self.merged
        return [] if whole is None else whole.to_rows()

    @property
    def error_messages(self) -> list[str]:
        """Each failed chunk's error and the merged result's errors, one line each, repeats combined.

        Thirty chunks refused with the same 401 give one line ending "(x30)", not thirty.
        """
        lines: list[str] = [
            f"{type(f.error).__name__}: {(str(f.error).splitlines() or [''])[0]}"
            for f in self.failures
        ]
        whole: InsightsResult | EngagementResult | AnalyticsResult | None = self.merged
        if whole is not None:
            lines.extend(whole.error_messages)
        return combine_messages(lines)

    @property
    def failed_tweet_ids(self) -> list[str]:
        return [tweet_id for failure in self.failures for tweet_id in failure.tweet_ids]

    @property
    def complete(self) -> bool:
        return not self.failures and all(result.complete for result in self.results)


def merge_insights(results: Sequence[InsightsResult]) -> InsightsResult:
    data = [item for result in results for item in result.data]
    errors = [error for result in results for error in result.errors]
    response = _spec.INSIGHTS_RESPONSE(data=data or UNSET, errors=errors or UNSET)
    return InsightsResult(
        response=response,
        rate_limit=results[-1].rate_limit,
        requested=merge_requested(results),
        extra=merge_extra(results),
    )


def merge_analytics(results: Sequence[AnalyticsResult]) -> AnalyticsResult:
    """The chunks' items and problems in one response of the same generated model."""
    first = results[0]
    data = [item for result in results for item in result.data]
    errors = [error for result in results for error in result.errors]
    response = type(first.response)(data=data or UNSET, errors=errors or UNSET)
    return AnalyticsResult(
        response=response,
        variant=first.variant,
        rate_limit=results[-1].rate_limit,
        requested=merge_requested(results),
        extra=merge_extra(results),
    )


def merge_requested(
    results: Sequence[InsightsResult | EngagementResult | AnalyticsResult],
) -> Requested:
    """The chunks asked the same question of different posts: one question of all of them."""
    first = results[0].requested
    ids = tuple(i for r in results for i in r.requested.tweet_ids)
    return Requested(
        tweet_ids=ids,
        metrics=first.metrics,
        groupings=first.groupings,
        fields=first.fields,
        granularity=first.granularity,
    )


def merge_extra(
    results: Sequence[InsightsResult | EngagementResult | AnalyticsResult],
) -> dict[str, Any]:
    """Each chunk's unexpected data, its paths prefixed with the chunk's index when there are several."""
    if len(results) == 1:
        return dict(results[0].extra)
    return {
        f"chunk {i}: {path}": value
        for i, r in enumerate(results)
        for path, value in r.extra.items()
    }


def _merge_tree(into: GroupingTree, other: Mapping[str, Any]) -> None:
    for key, value in other.items():
        mine = into.get(key)
        if mine is None:
            into[key] = _copy(value)
        elif isinstance(mine, dict) and isinstance(value, Mapping):
            _merge_tree(mine, value)
        else:
            into[key] = mine + value


def _copy(value: Any) -> Any:
    return {k: _copy(v) for k, v in value.items()} if isinstance(value, Mapping) else value


def merge_engagement(results: Sequence[EngagementResult]) -> EngagementResult:
    groupings: dict[str, GroupingTree] = {}
    for result in results:
        for name, tree in result.groupings.items():
            _merge_tree(groupings.setdefault(name, {}), tree)
    starts = [r.start for r in results if r.start is not None]
    ends = [r.end for r in results if r.end is not None]
    return EngagementResult(
        groupings=groupings,
        group_by=results[0].group_by,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        unavailable_tweet_ids=[i for r in results for i in r.unavailable_tweet_ids],
        unsupported_for_video_views_tweet_ids=[
            i for r in results for i in r.unsupported_for_video_views_tweet_ids
        ],
        unsupported_for_impressions_engagements_tweet_ids=[
            i for r in results for i in r.unsupported_for_impressions_engagements_tweet_ids
        ],
        errors=[e for r in results for e in r.errors],
        rate_limit=results[-1].rate_limit,
        requested=merge_requested(results),
        extra=merge_extra(results),
    )


def plan(
    op: OperationSpec, arguments: Mapping[str, Any], settings: Settings
) -> list[tuple[list[str], Call]]:
    """Validate every chunk before anything is sent; all problems in one InvalidRequest."""
    ids = arguments.get(op.batch_parameter)
    if isinstance(ids, str) or not isinstance(ids, Sequence | set | frozenset):
        raise InvalidRequest(
            op.operation_id, [f"{op.batch_parameter}: expected a list of ids, got {ids!r:.60}"]
        )
    ids = list(ids)
    counts = Counter(
        i for i in ids if isinstance(i, str | int)
    )  # other types fail validation below
    duplicates = sorted(str(i) for i, count in counts.items() if count > 1)
    if duplicates:
        listed = _hints.summarise(duplicates)
        raise InvalidRequest(
            op.operation_id, [f"{op.batch_parameter}: {len(duplicates)} duplicate id(s): {listed}"]
        )
    if not ids:
        raise InvalidRequest(op.operation_id, [f"{op.batch_parameter}: at least one id is needed"])
    chunks = [ids[i : i + op.batch_size] for i in range(0, len(ids), op.batch_size)]
    calls: list[tuple[list[str], Call]] = []
    problems: list[str] = []
    for number, chunk in enumerate(chunks):
        try:
            calls.append((chunk, Call(op, {**arguments, op.batch_parameter: chunk}, settings)))
        except InvalidRequest as exc:
            offset = number * op.batch_size
            found = (_in_callers_list(p, op.batch_parameter, offset) for p in exc.problems)
            problems.extend(p for p in found if p not in problems)
    if problems:
        raise InvalidRequest(op.operation_id, problems)
    return calls


def _in_callers_list(problem: str, parameter: str, offset: int) -> str:
    """`tweet_ids[9]` of the chunk starting at 50 is `tweet_ids[59]` of the caller's list."""
    prefix = f"{parameter}["
    if not problem.startswith(prefix) or offset == 0:
        return problem
    index, bracket, rest = problem[len(prefix) :].partition("]")
    if not (bracket and index.isdigit()):
        return problem
    return f"{prefix}{int(index) + offset}]{rest}"


def check_concurrency(calls: list[tuple[list[str], Call]], concurrency: object) -> int:
    """A positive int, or InvalidRequest before any request is sent (0 would wait forever)."""
    if isinstance(concurrency, int) and not isinstance(concurrency, bool) and concurrency > 0:
        return concurrency
    operation = calls[0][1].op.operation_id if calls else "batch"
    raise InvalidRequest(
        operation,
        [f"concurrency: expected a positive int (requests at a time), got {concurrency!r}"],
    )


def _collect(
    outcomes: list[tuple[list[str], Result | Exception]],
) -> BatchResult[Any]:
    results: list[Any] = [o for _, o in outcomes if not isinstance(o, Exception)]
    failures = [ChunkFailure(ids, o) for ids, o in outcomes if isinstance(o, Exception)]
    return BatchResult(results=results, failures=failures)


def _end(deadline: float | None) -> float | None:
    """The batch's deadline as a time.monotonic() instant, which every chunk's call respects."""
    if deadline is None:
        return None
    if not deadline > 0:
        raise ValueError(f"deadline: expected a number of seconds > 0 or None, got {deadline!r}")
    return time.monotonic() + deadline


def run_sync(
    send: Callable[[Call, float | None], Result],
    calls: list[tuple[list[str], Call]],
    concurrency: int,
    on_progress: Progress | None,
    deadline: float | None = None,
) -> BatchResult[Any]:
    workers = check_concurrency(calls, concurrency)
    end = _end(deadline)
    outcomes: list[tuple[list[str], Result | Exception] | None] = [None] * len(calls)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(send, call, end): index for index, (_, call) in enumerate(calls)}
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                index = futures[future]
                try:
                    outcomes[index] = (calls[index][0], future.result())
                except Exception as exc:  # noqa: BLE001 - one chunk's failure is that chunk's alone
                    outcomes[index] = (calls[index][0], exc)
                if on_progress is not None:
                    on_progress(done, len(calls))
        except BaseException:
            # on_progress raised (or Ctrl-C): chunks not started are cancelled, running ones end
            for future in futures:
                future.cancel()
            raise
    return _collect([o for o in outcomes if o is not None])


async def run_async(
    send: Callable[[Call, float | None], Awaitable[Result]],
    calls: list[tuple[list[str], Call]],
    concurrency: int,
    on_progress: Progress | None,
    deadline: float | None = None,
) -> BatchResult[Any]:
    limit = asyncio.Semaphore(check_concurrency(calls, concurrency))
    end = _end(deadline)
    done = 0

    async def one(call: Call) -> Result | Exception:
        nonlocal done
        async with limit:
            try:
                outcome: Result | Exception = await send(call, end)
            except Exception as exc:  # noqa: BLE001 - any failure of one chunk is that chunk's alone
                outcome = exc
        done += 1
        if on_progress is not None:
            on_progress(done, len(calls))
        return outcome

    tasks = [asyncio.ensure_future(one(call)) for _, call in calls]
    try:
        outcomes = await asyncio.gather(*tasks)
    except BaseException:
        # on_progress raised (or the caller was cancelled): the other chunks are cancelled too
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return _collect([(ids, outcome) for (ids, _), outcome in zip(calls, outcomes, strict=True)])
