"""The spec's `x-rules` as the mock server and the judge enforce them, apart from the client's copy.

The rule facts (which parameters, how many days, how many groupings) come from the spec through the
generator's model (`contracts.spec`); the checking is written here a second time on purpose, so a bug
in the client's `x_engagement._rules` is caught by the server and the judge instead of being shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

Rule = Mapping[str, Any]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_time(value: str) -> datetime | None:
    """A UTC datetime from `YYYY-MM-DD` or an ISO 8601 date-time with an offset; None otherwise."""
    try:
        if _DATE.match(value):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%SZ}"


def _time_window(rule: Rule, instance: Mapping[str, Any], now: datetime) -> list[str]:
    start_name, end_name = rule["start"], rule["end"]
    start_raw, end_raw = instance.get(start_name), instance.get(end_name)
    start = parse_time(start_raw) if isinstance(start_raw, str) else None
    end = parse_time(end_raw) if isinstance(end_raw, str) else None
    found: list[str] = []
    if rule.get("end-not-in-future") and end is not None and end > now:
        found.append(f"{end_name}: {end_raw!r} is in the future (now is {_stamp(now)})")
    if start is None or (end_raw is not None and end is None):
        return found
    end_shown = end_raw if end is not None else f"now ({_stamp(now)})"
    end = end if end is not None else now
    if rule.get("start-before-end") and not start < end:
        found.append(f"{start_name}: {start_raw!r} must be before {end_name} {end_shown!r}")
    if "max-days" in rule and end - start > timedelta(days=rule["max-days"]):
        found.append(
            f"{start_name}..{end_name}: the window {start_raw!r} to {end_shown!r} is longer than {rule['max-days']} days"
        )
    return found


def _groupings_of_length(rule: Rule, instance: Mapping[str, Any], now: datetime) -> list[str]:
    name, length, most = rule["groupings"], rule["length"], rule["max"]
    groupings = instance.get(name)
    if not isinstance(groupings, Mapping):
        return []
    long = sorted(
        key
        for key, value in groupings.items()
        if isinstance(value, Mapping) and isinstance(value.get("group_by"), list) and len(value["group_by"]) == length
    )
    if len(long) <= most:
        return []
    return [f"{name}: at most {most} grouping(s) may have {length} group_by items; got {len(long)}: {long}"]


_CHECKS: dict[str, Callable[[Rule, Mapping[str, Any], datetime], list[str]]] = {
    "time-window": _time_window,
    "at-most-n-groupings-of-length": _groupings_of_length,
}


def check(rules: Sequence[Rule], instance: Mapping[str, Any], now: datetime) -> list[str]:
    """Every problem the operation's `x-rules` find in `instance` (query parameters or JSON body)."""
    return [problem for rule in rules for problem in _CHECKS[rule["rule"]](rule, instance, now)]
