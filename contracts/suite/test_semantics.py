"""Mock-only: the figures of one question asked at every granularity agree (hours sum to days sum
to the total), within one answer (v2 metrics_total beside the series) and across answers.

Live figures move between two requests and X does not document how its buckets add up, so the
live target skips this; the in-process mock, `--app` and `--base-url` targets run it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from contracts import spec
from contracts.answer import Answer
from contracts.checks import run_response_checks
from contracts.ledger import Ledger, Verdicts
from contracts.semantics import STRUCTURAL, analytics_buckets, analytics_items, v2_entries, well_nested
from contracts.spec import Operation
from contracts.suite.support import enum_of, valid_input, wire_request
from contracts.target import Target

Sums = dict[tuple[str, str], int | float]  # (post, metric) -> sum
ENTERPRISE_GROUPINGS = {
    "total": ["tweet.id", "engagement.type"],
    "daily": ["tweet.id", "engagement.type", "engagement.day"],
    "hourly": ["tweet.id", "engagement.type", "engagement.hour"],
}
V2_GRANULARITIES = ("Hourly", "Daily", "Weekly", "Total")


def time_bucketed() -> list[str]:
    return [
        op_id
        for op_id, op in spec.operations().items()
        if op.path.rsplit("/", 1)[1] in ("28hr", "historical") or op.is_analytics
    ]


def _add(sums: Sums, key: tuple[str, str], value: Any) -> None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        sums[key] = sums.get(key, 0) + value


def v2_sums(answer: Answer) -> Iterator[tuple[str, Sums]]:
    """(label, sums) for the series and for metrics_total of one v2 answer."""
    granularity = (answer.asked or {}).get("granularity")
    by_kind: dict[str, Sums] = {}
    for kind, tweet_id, values in v2_entries(answer.body or {}):
        sums = by_kind.setdefault(kind, {})
        for value in values:
            if isinstance(value, dict):
                _add(
                    sums,
                    (tweet_id, str(value.get("metric_type"))),
                    value.get("metric_value"),
                )
    for kind, sums in by_kind.items():
        yield f"{granularity} {kind}", sums


def analytics_sums(answer: Answer) -> Iterator[tuple[str, Sums]]:
    """(label, sums) for the buckets and for the flat counters of one post or media analytics answer."""
    granularity = (answer.asked or {}).get("granularity")
    buckets: Sums = {}
    flat: Sums = {}
    for key, item in analytics_items(answer):
        for name, value in item.items():
            if name not in STRUCTURAL:
                _add(flat, (key, name), value)
        for bucket in analytics_buckets(item):
            metrics = bucket.get("metrics")
            for name, value in metrics.items() if isinstance(metrics, dict) else ():
                _add(buckets, (key, name), value)
    yield f"{granularity} buckets", buckets
    yield f"{granularity} flat counters", flat


def enterprise_sums(answer: Answer) -> Iterator[tuple[str, Sums]]:
    for name, (levels, tree) in well_nested(answer).items():
        sums: Sums = {}
        stack: list[tuple[Any, int, dict[str, str]]] = [(tree, 0, {})]
        while stack:
            node, depth, chosen = stack.pop()
            if depth == len(levels):
                _add(sums, (chosen["tweet.id"], chosen["engagement.type"]), node)
            elif isinstance(node, dict):
                stack.extend((child, depth + 1, {**chosen, levels[depth]: key}) for key, child in node.items())
        yield f"grouping {name!r}", sums


def disagreement(labelled: list[tuple[str, Sums]]) -> str | None:
    """The first (post, metric) whose sums differ between two of the labelled answers."""
    for label, sums in labelled[1:]:
        base_label, base = labelled[0]
        for key in sorted(set(base) & set(sums)):
            if base[key] != sums[key]:
                return f"post {key[0]} {key[1]}: {base_label} sums to {base[key]}, {label} to {sums[key]}"
    return None


def _ask(operation: Operation, target: Target) -> list[Answer] | None:
    """Every granularity of one question; None when any answer is not a 200 (other checks say why)."""
    instances = []
    base = valid_input(operation, target.question_ids())
    if operation.is_analytics:
        parameter = next(p for p in operation.parameters if p.name == operation.granularity_parameter)
        instances = [
            {**base, "granularity": g} for g in enum_of(parameter.schema, parameter.schema["$ref"].rsplit("/", 1)[1])
        ]
    elif operation.body_schema is None:
        instances = [{**base, "granularity": granularity} for granularity in V2_GRANULARITIES]
    else:
        instances = [
            {
                **base,
                "groupings": {name: {"group_by": by} for name, by in ENTERPRISE_GROUPINGS.items()},
            }
        ]
    answers = []
    for instance in instances:
        response = target.send(wire_request(operation, target, instance), operation)
        if response.status_code != 200:
            return None
        answers.append(Answer.of(operation, response))
    return answers


def _hour() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@pytest.mark.parametrize("operation_id", time_bucketed())
def test_granularities_agree(operation_id: str, target: Target, ledger: Ledger) -> None:
    if target.name == "live":
        pytest.skip("granularities_agree: mock-only (live figures move between requests)")
    operation = spec.operations()[operation_id]
    summing: Callable[[Answer], Iterator[tuple[str, Sums]]] = (
        analytics_sums if operation.is_analytics else v2_sums if operation.body_schema is None else enterprise_sums
    )
    for _ in range(2):  # ask again when the hour turned while asking (the 28-hour window moved)
        before = _hour()
        answers = _ask(operation, target)
        if _hour() == before:
            break
    if answers is None:
        return
    verdicts = Verdicts(ledger, target.label(operation))
    for answer in answers:  # every 2xx answer goes through every response check, these too
        for check, failure in run_response_checks(operation, answer.response).items():
            verdicts.record(check, failure)
    labelled = [pair for answer in answers for pair in summing(answer)]
    if len(labelled) >= 2:  # else nothing to compare: the answers lack what other checks ask for
        verdicts.record("granularities_agree", disagreement(labelled))
    verdicts.assert_clean()
