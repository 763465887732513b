"""The rules JSON Schema cannot state, by the names the spec's `x-rules` use.

The client checks them before sending and the mock server enforces them from the same spec
entries, so each rule has exactly one implementation: this one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

Rule = Mapping[str, Any]
Checker = Callable[[Rule, Mapping[str, Any], datetime], list[str]]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_time(value: str) -> datetime | None:
    """A UTC datetime from `YYYY-MM-DD` or an ISO 8601 date-time; None when it is neither."""
    try:
        if _DATE.match(value):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def check_time_window(rule: Rule, instance: Mapping[str, Any], now: datetime) -> list[str]:
    start_name, end_name = rule["start"], rule["end"]
    start_raw, end_raw = instance.get(start_name), instance.get(end_name)
    start = parse_time(start_raw) if isinstance(start_raw, str) else None
    end = parse_time(end_raw) if isinstance(end_raw, str) else None
    problems: list[str] = []
    if rule.get("end-not-in-future") and end is not None and end > now:
        problems.append(
            f"{end_name}: {end_raw!r} is in the future (now is {now:%Y-%m-%dT%H:%M:%SZ})"
        )
    if start is None or (end is None and end_raw is not None):
        return problems
    if end is None:  # only a start: the window runs to now
        end, end_raw = now, f"now ({now:%Y-%m-%dT%H:%M:%SZ})"
    if rule.get("start-before-end") and start >= end:
        problems.append(f"{start_name}: {start_raw!r} must be before {end_name} {end_raw!r}")
    max_days = rule.get("max-days")
    if max_days is not None and end - start > timedelta(days=max_days):
        problems.append(
            f"{start_name}..{end_name}: the window {start_raw!r} to {end_raw!r} is longer than {max_days} days"
        )
    return problems


def check_groupings_of_length(rule: Rule, instance: Mapping[str, Any], now: datetime) -> list[str]:
    name, length, most = rule["groupings"], rule["length"], rule["max"]
    groupings = instance.get(name)
    if not isinstance(groupings, Mapping):
        return []
    long = sorted(
        key
        for key, grouping in groupings.items()
        if isinstance(grouping, Mapping)
        and isinstance(grouping.get("group_by"), list)
        and len(grouping["group_by"]) == length
    )
    if len(long) <= most:
        return []
    return [
        f"{name}: at most {most} grouping(s) may have {length} group_by items; got {len(long)}: {long}"
    ]


CHECKERS: dict[str, Checker] = {
    "time-window": check_time_window,
    "at-most-n-groupings-of-length": check_groupings_of_length,
}


def check(
    rules: Sequence[Rule], instance: Mapping[str, Any], now: datetime | None = None
) -> list[str]:
    """Every problem the `x-rules` find in `instance` (the query parameters or the JSON body)."""
    moment = now or datetime.now(UTC)
    problems: list[str] = []
    for rule in rules:
        problems.extend(CHECKERS[rule["rule"]](rule, instance, moment))
    return problems
