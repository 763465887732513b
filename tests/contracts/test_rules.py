"""The server's and judge's `x-rules` (contracts.rules) and the client's agree, but share no code.

Each is written on its own so a bug in one is caught by the other; these cases pin that they give
the same verdicts and messages on the spec's own rules, on both sides of every limit.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from contracts import rules, spec
from x_engagement import _rules as client_rules

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
FOUR = ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]
CASES: list[tuple[str, dict[str, Any], int]] = [
    ("getInsightsHistorical", {"start_time": "2026-03-01T00:00:00Z", "end_time": "2026-03-02T00:00:00Z"}, 0),
    ("getInsightsHistorical", {"start_time": "2026-03-02T00:00:00Z", "end_time": "2026-03-01T00:00:00Z"}, 1),
    ("getInsightsHistorical", {"start_time": "2026-03-02T00:00:00Z", "end_time": "2026-03-02T00:00:00Z"}, 1),
    ("getInsightsHistorical", {"start_time": "2026-03-01T00:00:00Z", "end_time": "2027-01-01T00:00:00Z"}, 1),
    ("getInsightsHistorical", {"start_time": "2027-02-01T00:00:00Z", "end_time": "2027-01-01T00:00:00Z"}, 2),
    ("getInsightsHistorical", {"start_time": "not a time", "end_time": "2026-03-01T00:00:00+01:00"}, 0),
    ("getEngagementHistorical", {"start": "2026-01-01", "end": "2026-03-01"}, 1),
    ("getEngagementHistorical", {"start": "2026-02-01", "end": "2026-03-01"}, 0),
    ("getEngagementHistorical", {"start": "2026-01-01"}, 1),
    ("getEngagementHistorical", {"start": "2026-03-09T12:00:00Z"}, 0),
    ("getEngagement28hr", {"groupings": {"a": {"group_by": FOUR}}}, 0),
    ("getEngagement28hr", {"groupings": {"a": {"group_by": FOUR}, "b": {"group_by": FOUR}}}, 1),
    ("getEngagement28hr", {"groupings": {"a": {"group_by": FOUR}, "b": {"group_by": FOUR[:3]}}}, 0),
    ("getEngagement28hr", {"groupings": "not an object"}, 0),
]


@pytest.mark.parametrize(("operation_id", "instance", "count"), CASES)
def test_server_and_client_rules_agree(operation_id: str, instance: dict[str, Any], count: int) -> None:
    operation = spec.operations()[operation_id]
    assert operation.rules, f"{operation_id} has no x-rules: the case tests nothing"
    found = rules.check(operation.rules, instance, NOW)
    assert len(found) == count, found
    assert found == client_rules.check(operation.rules, instance, NOW)


def test_nesting_puts_implied_levels_above_the_level_implying_them() -> None:
    implied = spec.grouping()["implied"]
    below, above = next(iter(implied.items()))
    assert spec.nesting(["tweet.id", below]) == ("tweet.id", above, below)
    assert spec.nesting([above, "tweet.id", below]) == (above, "tweet.id", below)
    assert spec.nesting(["tweet.id"]) == ("tweet.id",)
