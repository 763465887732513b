"""The checks the suite runs on every response, each a small function with one job.

schemathesis's own checks are named as schemathesis names them; ours add the jsonschema reference
validation of every body, the time window of time-bucketed Enterprise responses, and the semantic
checks of contracts/semantics.py (does the answer match the request that produced it?).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contracts import semantics, spec
from contracts.answer import Answer
from contracts.ledger import WARNING, Finding, Outcome
from contracts.rules import parse_time
from contracts.spec import Operation
from contracts.validate import media_type, response_problems

SCHEMATHESIS_CHECKS: dict[str, Callable[..., Any]] = {
    "not_a_server_error": not_a_server_error,
    "status_code_conformance": status_code_conformance,
    "content_type_conformance": content_type_conformance,
    "response_headers_conformance": response_headers_conformance,
    "response_schema_conformance": response_schema_conformance,
    "positive_data_acceptance": positive_data_acceptance,
    "negative_data_rejection": negative_data_rejection,
}


def body_schema(operation: Operation, response: httpx.Response, parsed: Callable[[], Any] | None = None) -> str | None:
    """The body validates (jsonschema, Draft 2020-12, formats on) against the spec for its status."""
    problems = response_problems(
        operation, response.status_code, response.headers.get("content-type", ""), response.content, parsed
    )
    return "; ".join(problems) or None


def is_time_bucketed(operation: Operation) -> bool:
    """Enterprise operations whose groupings may nest by day or hour report the window they cover."""
    if operation.body_schema is None:
        return False
    levels = {spec.level("day"), spec.level("hour")}
    enums = [schema.get("enum", []) for schema in operation.body_schema.get("$defs", {}).values()]
    return any(level in enum for enum in enums for level in levels)


def window_bounds(operation: Operation, response: httpx.Response) -> Outcome:
    """A time-bucketed 200 carries `start` < `end` (UTC), the window its day and hour keys lie in."""
    if media_type(response.headers.get("content-type", "")) != "application/json":
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return None  # body_schema reports it
    return window_of(body)


def window_of(body: Any) -> Outcome:
    """window_bounds on a parsed body (None when it is not an object: body_schema reports that).

    A window left out is a warning (an echo of the request, documented by X: the spec's
    x-documented-deviations `window-echo-omitted`); a window that is wrong is an error."""
    if not isinstance(body, dict):
        return None
    missing = [key for key in ("start", "end") if not isinstance(body.get(key), str)]
    if missing:
        message = f"HTTP 200 without {' and '.join(missing)}: the answer does not echo its window"
        return Finding(semantics.documented(message, "window-echo-omitted"), WARNING)
    start, end = parse_time(body["start"]), parse_time(body["end"])
    if start is None or end is None or start >= end:
        return f"start {body['start']!r} must be a UTC time before end {body['end']!r}"
    return None


# name -> (applies to this answer?, check): inapplicable checks are not counted as passes
RESPONSE_CHECKS: dict[str, tuple[Callable[[Answer], bool], Callable[[Answer], Outcome]]] = {
    "body_schema": (lambda a: True, lambda a: body_schema(a.operation, a.response, a.json)),
    "window_bounds": (
        lambda a: a.response.status_code == 200 and is_time_bucketed(a.operation),
        lambda a: window_of(a.body),
    ),
    # the answer matches the request that produced it (contracts/semantics.py)
    "tweet_ids_accounted_for": (semantics.ids_applicable, semantics.tweet_ids_accounted_for),
    "grouping_names": (semantics.enterprise_success, semantics.grouping_names),
    "grouping_nesting": (semantics.enterprise_success, semantics.grouping_nesting),
    "metrics_as_requested": (semantics.not_analytics_success, semantics.metrics_as_requested),
    "window_28hr": (semantics.endpoint_is("28hr"), semantics.window_28hr),
    "window_historical": (semantics.endpoint_is("historical"), semantics.window_historical),
    "whole_hour_buckets": (semantics.time_bucketed_success, semantics.whole_hour_buckets),
    "start_end_agree": (semantics.enterprise_time_bucketed_success, semantics.start_end_agree),
    "iso8601_time_format": (semantics.v2_success, semantics.iso8601_time_format),
    # post and media analytics: the ids, buckets, range and fields the request asked for
    "analytics_ids_accounted_for": (semantics.analytics_success, semantics.analytics_ids_accounted_for),
    "analytics_buckets_on_granularity": (semantics.analytics_success, semantics.analytics_buckets_on_granularity),
    "analytics_window": (semantics.analytics_success, semantics.analytics_window),
    "analytics_fields_as_requested": (semantics.analytics_success, semantics.analytics_fields_as_requested),
}


def run_response_checks(
    operation: Operation, response: httpx.Response, *, clock_known: bool = True
) -> dict[str, Outcome]:
    """Every applicable response check: name -> failure message (None: passed).

    The request behind the response is read from `response.request`; without one, the checks
    that compare the answer with the question do not apply. A check that raises is a failure.
    `clock_known=False` (a replayed recording): without a `Date` header the answer's time is
    unknown, and the checks that need it say "not checkable" instead of using the local clock.
    """
    answer = Answer.of(operation, response, clock_known=clock_known)
    verdicts: dict[str, Outcome] = {}
    for name, (applies, check) in RESPONSE_CHECKS.items():
        try:
            if applies(answer):
                verdicts[name] = check(answer)
        except Exception as exc:  # a check that crashes on an odd body is a finding
            verdicts[name] = f"the check raised {type(exc).__name__}: {exc}"[:400]
    return verdicts
