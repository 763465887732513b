"""Hand-written negative tests, one per key rule: schemathesis may never draw these inputs.

Limits come from the spec (maxItems + 1, the rule's own max-days), so the tests follow it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contracts import spec
from contracts.checks import body_schema, run_response_checks
from contracts.ledger import Ledger, Verdicts
from contracts.spec import Operation
from contracts.suite.support import operation_ids, valid_input, wire_request
from contracts.target import Target
from contracts.validate import media_type

Breaker = Callable[[Operation, dict[str, Any]], str | None]  # mutates the input; returns the parameter or None


def _max_items(operation: Operation) -> int:
    if operation.body_schema is None:
        schema = next(p.schema for p in operation.parameters if p.name == operation.batch_parameter)
        return int(schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]["maxItems"])
    root = operation.body_schema["$defs"][operation.body_schema["$ref"].rsplit("/", 1)[1]]
    ref = root["properties"][operation.batch_parameter]["$ref"].rsplit("/", 1)[1]
    return int(operation.body_schema["$defs"][ref]["maxItems"])


def too_many_ids(operation: Operation, instance: dict[str, Any]) -> str:
    instance[operation.batch_parameter] = [str(1000 + i) for i in range(_max_items(operation) + 1)]
    return operation.batch_parameter


def non_numeric_id(operation: Operation, instance: dict[str, Any]) -> str:
    instance[operation.batch_parameter] = ["12x4"]
    return operation.batch_parameter


def unknown_metric(operation: Operation, instance: dict[str, Any]) -> str:
    key = operation.metrics_parameter
    instance[key] = ["not_a_metric"]
    return key


def unknown_granularity(operation: Operation, instance: dict[str, Any]) -> str | None:
    if operation.body_schema is not None:
        return None
    instance["granularity"] = "Monthly"
    return "granularity"


def missing_metrics(operation: Operation, instance: dict[str, Any]) -> str | None:
    key = operation.metrics_parameter
    if operation.body_schema is None and not next(p for p in operation.parameters if p.name == key).required:
        return None  # analytics.fields / media_analytics.fields are optional
    del instance[key]
    return key


def _time_rule(operation: Operation) -> dict[str, Any] | None:
    return next((r for r in operation.rules if r["rule"] == "time-window"), None)


def end_before_start(operation: Operation, instance: dict[str, Any]) -> str | None:
    rule = _time_rule(operation)
    if rule is None:
        return None
    instance[rule["start"]], instance[rule["end"]] = instance[rule["end"]], instance[rule["start"]]
    return str(rule["start"])


def end_in_future(operation: Operation, instance: dict[str, Any]) -> str | None:
    rule = _time_rule(operation)
    if rule is None or not rule.get("end-not-in-future"):
        return None
    instance[rule["end"]] = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(rule["end"])


def window_too_long(operation: Operation, instance: dict[str, Any]) -> str | None:
    rule = _time_rule(operation)
    if rule is None or "max-days" not in rule:
        return None
    end = datetime.now(UTC) - timedelta(days=1)
    start = end - timedelta(days=rule["max-days"] + 2)
    instance[rule["start"]], instance[rule["end"]] = start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")
    return str(rule["start"])


def _four_item_rule(operation: Operation) -> dict[str, Any] | None:
    return next((r for r in operation.rules if r["rule"] == "at-most-n-groupings-of-length"), None)


def two_long_groupings(operation: Operation, instance: dict[str, Any]) -> str | None:
    rule = _four_item_rule(operation)
    if rule is None:
        return None
    order = ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]
    instance["groupings"] = {f"g{i}": {"group_by": order} for i in range(rule["max"] + 1)}
    return str(rule["groupings"])


def undocumented_order(operation: Operation, instance: dict[str, Any]) -> str | None:
    if _four_item_rule(operation) is None:
        return None
    instance["groupings"] = {"g": {"group_by": ["engagement.hour", "engagement.day", "tweet.id", "engagement.type"]}}
    return "groupings"


def too_many_groupings(operation: Operation, instance: dict[str, Any]) -> str | None:
    if operation.body_schema is None:
        return None
    instance["groupings"] = {f"g{i}": {"group_by": ["tweet.id"]} for i in range(4)}
    return "groupings"


BREAKERS: dict[str, Breaker] = {
    "too_many_ids": too_many_ids,
    "non_numeric_id": non_numeric_id,
    "unknown_metric": unknown_metric,
    "unknown_granularity": unknown_granularity,
    "missing_metrics": missing_metrics,
    "end_before_start": end_before_start,
    "end_in_future": end_in_future,
    "window_too_long": window_too_long,
    "two_four_item_groupings": two_long_groupings,
    "undocumented_group_by_order": undocumented_order,
    "too_many_groupings": too_many_groupings,
}


def names_parameter(operation: Operation, body: Any, parameter: str) -> bool:
    """The 400 says where: a v2 problem lists the parameter; an Enterprise message mentions it."""
    if operation.is_v2:
        items = body.get("errors", []) if isinstance(body, dict) else []
        return any(parameter in (item.get("parameters") or {}) for item in items if isinstance(item, dict))
    return any(parameter in message for message in body.get("errors", []) if isinstance(message, str))


@pytest.mark.parametrize("operation_id", operation_ids())
def test_valid_request_is_accepted(operation_id: str, target: Target, ledger: Ledger) -> None:
    """The control for the negative tests below: the unbroken input gets a 200."""
    operation = spec.operations()[operation_id]
    verdicts = Verdicts(ledger, target.label(operation))
    response = target.send(wire_request(operation, target, valid_input(operation, target.question_ids())), operation)
    verdicts.record(
        "accepts_valid_request",
        None if response.status_code == 200 else f"HTTP {response.status_code}: {response.text[:300]}",
    )
    for check, failure in run_response_checks(operation, response).items():
        verdicts.record(check, failure)
    verdicts.assert_clean()


def applicable() -> list[tuple[str, str]]:
    """(operationId, rule) pairs where the rule exists for the operation."""
    return [
        (operation_id, rule)
        for operation_id, operation in spec.operations().items()
        for rule, breaker in BREAKERS.items()
        if breaker(operation, valid_input(operation)) is not None
    ]


@pytest.mark.parametrize(("operation_id", "rule"), applicable())
def test_rule_violation_is_rejected(operation_id: str, rule: str, target: Target, ledger: Ledger) -> None:
    operation = spec.operations()[operation_id]
    instance = copy.deepcopy(valid_input(operation, target.question_ids()))
    parameter = BREAKERS[rule](operation, instance)
    assert parameter is not None
    verdicts = Verdicts(ledger, target.label(operation))
    response = target.send(wire_request(operation, target, instance), operation)
    check = f"rejects_{rule}"
    if response.status_code != 400:
        verdicts.record(check, f"HTTP {response.status_code} instead of 400 for {rule} ({parameter})")
    else:
        problem = body_schema(operation, response)
        wanted = "application/problem+json" if operation.is_v2 else "application/json"
        got = media_type(response.headers.get("content-type", ""))
        if problem is None and got != wanted:
            problem = f"400 as {got!r}, expected {wanted!r}"
        if problem is None and not names_parameter(operation, json.loads(response.content), parameter):
            problem = f"the 400 does not name {parameter!r}: {response.text[:300]}"
        verdicts.record(check, problem)
    verdicts.assert_clean()
