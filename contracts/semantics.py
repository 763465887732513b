"""Semantic checks: a 2xx answer must match the request that produced it, not only the schema.

Each check is a small function of an `Answer` (response + request) returning a failure message or
None. A check judges one thing and leaves the rest to the others: for example the id, type and
window checks read only the groupings that `grouping_nesting` finds well nested, and a timestamp
that does not parse is `iso8601_time_format`'s business, not the window checks'. What nests how and
which keys each level takes comes from the spec's `x-grouping`; nothing is restated here.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema
import jsonschema_rs

from contracts import spec
from contracts.answer import Answer
from contracts.ledger import ERROR, NOT_CHECKABLE, WARNING, Finding, Outcome
from contracts.rules import parse_time

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# X's /28hr example spans 29 hourly buckets ("last 28 hours"); allow that, counted in whole hours.
WINDOW_28HR = timedelta(hours=29)
# Clock difference tolerated between the response's Date (or the local clock) and its buckets.
SKEW = timedelta(minutes=5)
# Values of the v2 granularity parameter (x-role: granularity) -> the span of one bucket; Total has none.
BUCKET = {"Hourly": HOUR, "Daily": DAY, "Weekly": 7 * DAY}
MAX_REPORTED = 3
_DATE_TIME = jsonschema.Draft202012Validator.FORMAT_CHECKER


# --- reading the spec ---------------------------------------------------------------------------


def _root(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref", "")
    root: Mapping[str, Any] = schema["$defs"][ref.rsplit("/", 1)[1]] if ref else schema
    return root


def x_grouping(operation: spec.Operation) -> Mapping[str, Any]:
    """The spec's `x-grouping` of an Enterprise success schema ({} for v2)."""
    grouping: Mapping[str, Any] = _root(operation.success_schema).get("x-grouping", {})
    return grouping


def fixed_keys(operation: spec.Operation) -> frozenset[str]:
    """Top-level response keys that are not grouping names (start, end, errors, ...)."""
    return frozenset(_root(operation.success_schema).get("properties", {}))


@functools.cache
def _key_validator(schema_name: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(spec.schema_component(schema_name))


@functools.lru_cache(maxsize=1 << 16)
def _valid_key(schema_name: str, key: str) -> bool:
    """Keys repeat across a tree (every post has the same types, days and hours): judge each once."""
    return bool(_key_validator(schema_name).is_valid(key))


@functools.cache
def known_v2_metrics() -> frozenset[str]:
    return frozenset(_root(spec.schema_component("V2Metric"))["enum"])


@functools.cache
def documented_deviations() -> dict[str, Mapping[str, Any]]:
    """The spec's `x-documented-deviations`: what X's own examples show as normal, by id."""
    listed = spec.document().get("x-documented-deviations", [])
    return {item["id"]: item for item in listed}


def documented(message: str, deviation: str) -> str:
    """The message with the documented deviation it is (and where X shows it)."""
    source = documented_deviations()[deviation]["source"]
    return f"{message} (documented by X: {deviation}, {source['path']}@{source['commit'][:8]})"


def combined(errors: Sequence[str], warnings: Sequence[str]) -> Outcome:
    """Errors outrank warnings (both are reported); only warnings: a warning."""
    if errors:
        return Finding("; ".join([*errors, *warnings]), ERROR)
    return Finding("; ".join(warnings), WARNING) if warnings else None


def _time_rule(operation: spec.Operation) -> Mapping[str, Any] | None:
    return next((r for r in operation.rules if r["rule"] == "time-window"), None)


# --- small readers ------------------------------------------------------------------------------


def strings(value: Any) -> list[str]:
    """The strings of a JSON list (anything else: none)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment: datetime) -> datetime:
    floored = _floor_hour(moment)
    return floored if floored == moment else floored + HOUR


def _listing(items: Sequence[str] | set[str]) -> str:
    ordered = sorted(items)
    more = f" and {len(ordered) - MAX_REPORTED} more" if len(ordered) > MAX_REPORTED else ""
    return ", ".join(repr(i) for i in ordered[:MAX_REPORTED]) + more


def requested_groupings(answer: Answer) -> dict[str, tuple[str, ...]]:
    """Grouping name -> the levels it nests by (implied levels added), as the request asked."""
    asked, spec_grouping = answer.asked or {}, x_grouping(answer.operation)
    groupings = asked.get(spec_grouping.get("parameter", "groupings"))
    out: dict[str, tuple[str, ...]] = {}
    for name, grouping in groupings.items() if isinstance(groupings, dict) else ():
        group_by = strings(grouping.get("group_by")) if isinstance(grouping, dict) else []
        # a group_by the spec does not know was a bad request (negative_data_rejection's business)
        if group_by and set(group_by) <= set(spec_grouping.get("keys", {})):
            out[name] = spec.nesting(group_by)
    return out


def nesting_problems(tree: Any, levels: Sequence[str], keys: Mapping[str, str], where: str) -> list[str]:
    """Why `tree` does not nest by `levels` with each level's keys valid for that level.

    Level by level over the whole tree (not node by node): the largest answers have tens of
    thousands of leaves, and paths are spelled out only for the few nodes reported.
    """
    problems: list[str] = []
    frontier: list[tuple[tuple[str, ...], Any]] = [((), tree)]
    for depth, level in enumerate(levels):
        schema_name, good, last = keys[level], set[str](), depth == len(levels) - 1
        deeper: list[tuple[tuple[str, ...], Any]] = []
        for path, node in frontier:
            if not isinstance(node, dict):
                problems.append(f"{_spelled(where, path)}: a count where the {level} level belongs")
                continue
            for key in node.keys() - good:
                if _valid_key(schema_name, key):
                    good.add(key)
                else:
                    problems.append(f"{_spelled(where, path)}: key {key!r} is not a valid {level} ({schema_name})")
            if last:
                nested = next((k for k, v in node.items() if isinstance(v, dict)), None)
                if nested is not None:
                    problems.append(f"{_spelled(where, (*path, nested))}: a nested object where a count belongs")
            else:
                deeper.extend(((*path, key), child) for key, child in node.items() if key in good)
            if len(problems) >= MAX_REPORTED:
                return problems[:MAX_REPORTED]
        frontier = deeper
    if not levels and isinstance(tree, dict):
        problems.append(f"{where}: a nested object where a count belongs")
    return problems


def _spelled(where: str, path: tuple[str, ...]) -> str:
    return "/".join((where, *path))


def well_nested(answer: Answer) -> dict[str, tuple[tuple[str, ...], dict[str, Any]]]:
    """Requested groupings present in the body and nested as asked: name -> (levels, tree)."""
    memo = answer.memo.get("well_nested")
    if memo is None:
        body, keys = answer.body or {}, x_grouping(answer.operation).get("keys", {})
        memo = {
            name: (levels, body[name])
            for name, levels in requested_groupings(answer).items()
            if isinstance(body.get(name), dict) and not nesting_problems(body[name], levels, keys, name)
        }
        answer.memo["well_nested"] = memo
    return memo


def keys_at(tree: dict[str, Any], depth: int) -> set[str]:
    """Every key at `depth` (0: the top) of a well-nested tree."""
    if depth == 0:
        return set(tree)
    return {key for child in tree.values() if isinstance(child, dict) for key in keys_at(child, depth - 1)}


def paths(tree: Any, levels: Sequence[str], chosen: dict[str, str] | None = None) -> Iterator[dict[str, str]]:
    """Every root-to-leaf path as {level: key}, with the leaf value under "" ."""
    chosen = chosen or {}
    if not levels or not isinstance(tree, dict):
        yield {**chosen, "": tree}
        return
    for key, child in tree.items():
        yield from paths(child, levels[1:], {**chosen, levels[0]: key})


def explained_ids(body: Mapping[str, Any]) -> set[str]:
    """Enterprise ids the answer says it could not (fully) serve."""
    return {
        tweet_id
        for key in ("unavailable_tweet_ids", "unsupported_for_video_views_tweet_ids",
                    "unsupported_for_impressions_engagements_tweet_ids")
        for tweet_id in strings(body.get(key))
    }  # fmt: skip


# --- v2 readers ---------------------------------------------------------------------------------


def v2_measurements(body: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for item in body.get("data") or []:
        if isinstance(item, dict) and isinstance(item.get("measurement"), dict):
            yield item["measurement"]


def v2_entries(body: Mapping[str, Any]) -> Iterator[tuple[str, str, list[Any]]]:
    """(kind, tweet_id, metric values) of every metrics_total and metrics_time_series entry."""
    for measurement in v2_measurements(body):
        for entry in measurement.get("metrics_total") or []:
            if isinstance(entry, dict) and isinstance(entry.get("value"), list):
                yield "metrics_total", str(entry.get("tweet_id")), entry["value"]
        for entry in measurement.get("metrics_time_series") or []:
            value = entry.get("value") if isinstance(entry, dict) else None
            if isinstance(value, dict) and isinstance(value.get("metric_values"), list):
                yield (
                    "metrics_time_series",
                    str(entry.get("tweet_id")),
                    value["metric_values"],
                )


def v2_timestamps(body: Mapping[str, Any]) -> Iterator[str]:
    for measurement in v2_measurements(body):
        for entry in measurement.get("metrics_time_series") or []:
            value = entry.get("value") if isinstance(entry, dict) else None
            stamp = value.get("timestamp") if isinstance(value, dict) else None
            if isinstance(stamp, dict) and isinstance(stamp.get("iso8601_time"), str):
                yield stamp["iso8601_time"]


def v2_fields(answer: Answer) -> list[str]:
    """The Engagement fields asked for; both when the parameter is omitted (the mock's default)."""
    fields = answer.operation.fields_parameter
    asked = strings((answer.asked or {}).get(fields)) if fields else []
    return asked or spec.all_fields(answer.operation)


def v2_answered_ids(body: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """(ids with data, ids named by a per-post error or a top-level problem)."""
    with_data = {tweet_id for _, tweet_id, _ in v2_entries(body)}
    in_errors = {
        tweet_id
        for item in body.get("data") or []
        if isinstance(item, dict)
        for error in item.get("errors") or []
        if isinstance(error, dict)
        for tweet_id in strings(error.get("tweets"))
    }
    for problem in body.get("errors") or []:
        if isinstance(problem, dict):
            in_errors.update(v for k in ("resource_id", "value") if isinstance(v := problem.get(k), str))
    return with_data, in_errors


# --- time points --------------------------------------------------------------------------------


def bucket_spans(answer: Answer) -> list[tuple[str, datetime, datetime]]:
    """(label, start, end) of every time bucket the answer reports; unparsable ones are skipped."""
    spans = answer.memo.get("bucket_spans")
    if spans is None:
        spans = answer.memo["bucket_spans"] = list(_bucket_spans(answer))
    return spans


def _bucket_spans(answer: Answer) -> Iterator[tuple[str, datetime, datetime]]:
    body = answer.body or {}
    if answer.is_insights:
        length = BUCKET.get(str(_asked_granularity(answer)))
        if length is None:
            return
        for raw in v2_timestamps(body):
            moment = parse_time(raw)
            if moment is not None:
                yield (
                    f"iso8601_time {raw!r}",
                    moment.astimezone(UTC),
                    moment.astimezone(UTC) + length,
                )
        return
    seen: set[tuple[str, str | None]] = set()
    for name, (levels, tree) in well_nested(answer).items():
        if spec.level("day") not in levels:
            continue
        for key in sorted(day_hour_keys(tree, levels) - seen, key=lambda k: (k[0], k[1] or "")):
            seen.add(key)
            day = parse_time(key[0])
            if day is None:
                continue
            if key[1] is None:
                yield f"{name}: day {key[0]}", day, day + DAY
            else:
                start = day + int(key[1]) * HOUR
                yield f"{name}: hour {key[0]} {key[1]}", start, start + HOUR


def _children(nodes: list[Any], steps: int) -> list[Any]:
    for _ in range(steps):
        nodes = [child for node in nodes if isinstance(node, dict) for child in node.values()]
    return nodes


def day_hour_keys(tree: dict[str, Any], levels: Sequence[str]) -> set[tuple[str, str | None]]:
    """The distinct (day, hour) buckets of a well-nested tree (hour None when it has no hour level)."""
    day_level, hour_level = spec.level("day"), spec.level("hour")
    day_depth = levels.index(day_level)
    days = [(day, node) for parent in _children([tree], day_depth) if isinstance(parent, dict)
            for day, node in parent.items()]  # fmt: skip
    if hour_level not in levels:
        return {(day, None) for day, _ in days}
    steps = levels.index(hour_level) - day_depth - 1
    return {
        (day, hour)
        for day, node in days
        for parent in _children([node], steps)
        if isinstance(parent, dict)
        for hour in parent
    }


def enterprise_bounds(answer: Answer) -> tuple[datetime, datetime] | None:
    body = answer.body or {}
    start = parse_time(body["start"]) if isinstance(body.get("start"), str) else None
    end = parse_time(body["end"]) if isinstance(body.get("end"), str) else None
    return (start, end) if start is not None and end is not None else None


def _outside(answer: Answer, low: datetime, high: datetime, hours_end_by_high: bool) -> list[str]:
    """Buckets not within [low, high): an hour must start (and, if asked, end) inside it; a day or
    week bucket must overlap it (its label may be the start of a day the window only partly covers)."""
    out = []
    for label, start, end in bucket_spans(answer):
        if end - start <= HOUR:
            fits = low <= start and (end <= high if hours_end_by_high else start < high)
        else:
            fits = start < high and end > low
        if not fits:
            out.append(label)
    return out


def _window_message(what: list[str], low: datetime, high: datetime, why: str) -> str | None:
    if not what:
        return None
    return f"{_listing(what)} outside {low:%Y-%m-%dT%H:%M:%SZ}..{high:%Y-%m-%dT%H:%M:%SZ} ({why})"


# --- the checks ---------------------------------------------------------------------------------


def tweet_ids_accounted_for(answer: Answer) -> Outcome:
    """Every requested post is in the data, a per-post error or an unavailable/unsupported list
    (else an error: a post was lost), and every post in the data was requested (else a warning:
    surplus data)."""
    body, requested = (
        answer.body or {},
        set(strings((answer.asked or {}).get(answer.operation.batch_parameter))),
    )
    problems: list[str] = []
    surplus: list[str] = []
    if answer.is_insights:
        with_data, in_errors = v2_answered_ids(body)
        if missing := requested - with_data - in_errors:
            problems.append(f"requested posts in neither the data nor an error: {_listing(missing)}")
        if extra := with_data - requested:
            surplus.append(f"posts in the data that were not requested: {_listing(extra)}")
        return combined(problems, surplus)
    explained = explained_ids(body)
    post = spec.level("post")
    for name, (levels, tree) in sorted(well_nested(answer).items()):
        seen = keys_at(tree, levels.index(post)) if post in levels else None
        if seen is None:
            continue
        if missing := requested - seen - explained:
            problems.append(f"grouping {name!r} lacks requested posts not listed as unavailable: {_listing(missing)}")
        if extra := seen - requested:
            surplus.append(f"grouping {name!r} has posts that were not requested: {_listing(extra)}")
    return combined(problems, surplus)


def grouping_names(answer: Answer) -> str | None:
    """The top-level grouping names are exactly the requested ones. Both ways an error: an answer
    naming a grouping never asked for (as X's own guide example does) cannot be read by name."""
    body = answer.body or {}
    present = set(body) - fixed_keys(answer.operation)
    groupings = (answer.asked or {}).get(x_grouping(answer.operation).get("parameter", "groupings"))
    requested = set(groupings) if isinstance(groupings, dict) else set()
    problems = []
    requested_ids = set(strings((answer.asked or {}).get(answer.operation.batch_parameter)))
    all_unavailable = bool(requested_ids) and requested_ids <= set(strings(body.get("unavailable_tweet_ids")))
    if (missing := requested - present) and not all_unavailable:
        problems.append(f"requested groupings missing: {_listing(missing)}")
    if extra := present - requested:
        problems.append(f"groupings that were not requested: {_listing(extra)}")
    return "; ".join(problems) or None


def grouping_nesting(answer: Answer) -> str | None:
    """Each requested grouping nests in its group_by order, every level's keys valid for that level
    (the spec's x-grouping names the key schema of each level and the levels implied)."""
    body, keys = answer.body or {}, x_grouping(answer.operation).get("keys", {})
    problems = []
    for name, levels in sorted(requested_groupings(answer).items()):
        if name in body:
            problems.extend(nesting_problems(body[name], levels, keys, name))
    return "; ".join(problems[:MAX_REPORTED]) or None


def metrics_as_requested(answer: Answer) -> Outcome:
    """Only the requested metrics come back, and each of them.

    v2: every data entry carries each requested metric once; a known metric (the spec's V2Metric)
    that was not requested fails, a name the spec does not know is allowed (X's schema leaves
    metric_type an open string and X adds metrics over time). Enterprise: the engagement.type keys
    of each grouping are the requested types (types absent for posts listed as unsupported allowed).
    A metric or type that was not requested is surplus data: a warning (X's /totals example answers
    one: the spec's x-documented-deviations `unrequested-engagement-type`); a missing or repeated
    one is an error.
    """
    asked = answer.asked or {}
    problems: list[str] = []
    surplus: list[str] = []
    if answer.is_insights:
        requested = set(strings(asked.get(answer.operation.metrics_parameter)))
        for kind, tweet_id, values in v2_entries(answer.body or {}):
            names = [v["metric_type"] for v in values if isinstance(v, dict) and isinstance(v.get("metric_type"), str)]
            distinct = set(names)
            unrequested = (distinct & known_v2_metrics()) - requested
            missing = requested - distinct
            repeated = {n for n, count in Counter(names).items() if count > 1} if len(distinct) < len(names) else set()
            if unrequested and len(surplus) < MAX_REPORTED:
                surplus.append(f"{kind} of post {tweet_id}: metrics not requested: {_listing(unrequested)}")
            for what, found in (("missing", missing), ("repeated", repeated)):
                if found:
                    problems.append(f"{kind} of post {tweet_id}: metrics {what}: {_listing(found)}")
            if len(problems) >= MAX_REPORTED:
                break
        return combined(problems[:MAX_REPORTED], surplus)
    requested = set(strings(asked.get(answer.operation.metrics_parameter)))
    explained = bool(explained_ids(answer.body or {}))
    kind = spec.level("type")
    for name, (levels, tree) in sorted(well_nested(answer).items()):
        if kind not in levels:
            continue
        seen = keys_at(tree, levels.index(kind))
        if extra := seen - requested:
            message = f"grouping {name!r} has engagement types that were not requested: {_listing(extra)}"
            surplus.append(documented(message, "unrequested-engagement-type"))
        if seen and not explained and (missing := requested - seen):
            problems.append(f"grouping {name!r} lacks requested engagement types: {_listing(missing)}")
    return combined(problems, surplus)


def _undated(answer: Answer) -> Finding:
    return Finding("the recorded answer has no Date header: its time, and so its window, is unknown", NOT_CHECKABLE)


def window_28hr(answer: Answer) -> Outcome:
    """/28hr buckets (and start/end) lie within the last 28-29 whole hours before the answer's
    Date header (or the local time when it has none; a replayed answer without one: not checkable)."""
    if not answer.clock_known:
        return _undated(answer)
    low, high = _floor_hour(answer.received) - WINDOW_28HR, answer.received + SKEW
    outside = _outside(answer, low, high, hours_end_by_high=False)
    bounds = enterprise_bounds(answer)
    if bounds is not None and (bounds[0] < low or bounds[1] > high + HOUR):
        outside.append(f"start..end {bounds[0]:%Y-%m-%dT%H:%M:%SZ}..{bounds[1]:%Y-%m-%dT%H:%M:%SZ}")
    return _window_message(outside, low, high, f"the answer is dated {answer.received:%Y-%m-%dT%H:%M:%SZ}")


def requested_window(answer: Answer) -> tuple[datetime, datetime] | None:
    """The /historical window asked for, widened to whole hours; a missing end is the answer's
    time, a missing start is the rule's max-days before the end (no lower bound without one)."""
    rule, asked = _time_rule(answer.operation), answer.asked or {}
    if rule is None:
        return None
    start_raw, end_raw = asked.get(rule["start"]), asked.get(rule["end"])
    end = parse_time(end_raw) if isinstance(end_raw, str) else answer.received
    start = parse_time(start_raw) if isinstance(start_raw, str) else None
    if end is None or (start_raw is not None and start is None):
        return None
    if start is None:
        start = end - timedelta(days=rule["max-days"]) if "max-days" in rule else datetime.min.replace(tzinfo=UTC)
    return _floor_hour(start), _ceil_hour(end)


def window_historical(answer: Answer) -> Outcome:
    """/historical buckets (and start/end) lie inside the requested window (widened to hours); a
    request without an end means "until now": not checkable in a replayed answer without a Date."""
    rule = _time_rule(answer.operation)
    if not answer.clock_known and rule is not None and not isinstance((answer.asked or {}).get(rule["end"]), str):
        return _undated(answer)
    window = requested_window(answer)
    if window is None:
        return None
    low, high = window
    outside = _outside(answer, low, high, hours_end_by_high=True)
    bounds = enterprise_bounds(answer)
    if bounds is not None and (bounds[0] < low or bounds[1] > high):
        outside.append(f"start..end {bounds[0]:%Y-%m-%dT%H:%M:%SZ}..{bounds[1]:%Y-%m-%dT%H:%M:%SZ}")
    return _window_message(outside, low, high, "the requested window")


def _asked_granularity(answer: Answer) -> Any:
    """The value the request gave the operation's granularity parameter (None where it has none)."""
    parameter = answer.operation.granularity_parameter
    return (answer.asked or {}).get(parameter) if parameter else None


def whole_hour_buckets(answer: Answer) -> Outcome:
    """Hourly buckets start on whole hours (else an error: the data is misplaced); an Enterprise
    answer's start and end off the hour are a cosmetic deviation X documents (a warning)."""
    off: list[str] = []
    if answer.is_insights and _asked_granularity(answer) == "Hourly":
        off = [label for label, start, _ in bucket_spans(answer) if start != _floor_hour(start)]
    bounds = enterprise_bounds(answer)
    echo = []
    if bounds is not None:
        echo = [f"{name} {moment:%Y-%m-%dT%H:%M:%SZ}" for name, moment in zip(("start", "end"), bounds, strict=True)
                if moment != _floor_hour(moment)]  # fmt: skip
    return combined(
        [f"not on a whole hour: {_listing(off)}"] if off else [],
        [documented(f"not on a whole hour: {_listing(echo)}", "window-end-off-the-hour")] if echo else [],
    )


def start_end_agree(answer: Answer) -> str | None:
    """An Enterprise answer's day and hour buckets lie between its own start and end."""
    bounds = enterprise_bounds(answer)
    if bounds is None:
        return None  # window_bounds reports a missing or broken start/end
    return _window_message(
        _outside(answer, *bounds, hours_end_by_high=True),
        *bounds,
        "the answer's start..end",
    )


def iso8601_time_format(answer: Answer) -> str | None:
    """v2 `iso8601_time` values are ISO 8601 timestamps (RFC 3339 date-time, as X writes them)."""
    bad = [raw for raw in v2_timestamps(answer.body or {}) if not _DATE_TIME.conforms(raw, "date-time")]
    return f"iso8601_time values that are not ISO 8601 date-times: {_listing(set(bad))}" if bad else None


# --- when each applies --------------------------------------------------------------------------


def json_success(answer: Answer) -> bool:
    """A 2xx JSON object answering a request we can read."""
    return 200 <= answer.response.status_code < 300 and answer.body is not None and answer.asked is not None


def ids_applicable(answer: Answer) -> bool:
    """v2 only when both measurement and errors were asked for (else a post may rightly be absent)."""
    if not json_success(answer) or answer.is_analytics:
        return False
    return {"errors", "measurement"} <= set(v2_fields(answer)) if answer.is_insights else True


def enterprise_success(answer: Answer) -> bool:
    return json_success(answer) and not answer.is_v2


def endpoint_is(name: str) -> Callable[[Answer], bool]:
    """Applies to JSON 2xx answers of the operations whose path ends in `name`."""

    def applies(answer: Answer) -> bool:
        return json_success(answer) and answer.endpoint == name

    applies.__name__ = f"endpoint_is_{name}"
    return applies


def time_bucketed_success(answer: Answer) -> bool:
    return json_success(answer) and answer.endpoint in ("28hr", "historical")


def enterprise_time_bucketed_success(answer: Answer) -> bool:
    return time_bucketed_success(answer) and not answer.is_v2


def v2_success(answer: Answer) -> bool:
    return json_success(answer) and answer.is_insights


def not_analytics_success(answer: Answer) -> bool:
    """The insights and Enterprise answers (the checks written for their shapes)."""
    return json_success(answer) and not answer.is_analytics


def analytics_success(answer: Answer) -> bool:
    return json_success(answer) and answer.is_analytics


# --- post and media analytics (X v2.167) --------------------------------------------------------

# the analytics granularity values -> the span of one bucket; total has none
ANALYTICS_BUCKET = {"hourly": HOUR, "daily": DAY, "weekly": 7 * DAY}
ANALYTICS_KEY = {"analytics": "id", "media": "media_key"}  # the field naming each item
STRUCTURAL = frozenset({"id", "media_key", "timestamp", "timestamped_metrics"})


def _parameter_schema(operation: spec.Operation, name: str | None) -> Mapping[str, Any]:
    parameter = next((p for p in operation.parameters if p.name == name), None)
    if parameter is None:
        return {}
    schema: Mapping[str, Any] = parameter.schema
    return _root(schema) if "$ref" in schema else schema


def analytics_granularity(answer: Answer) -> str | None:
    """The granularity asked for, else the spec's default (post analytics total, media daily)."""
    asked = _asked_granularity(answer)
    if isinstance(asked, str):
        return asked
    default = _parameter_schema(answer.operation, answer.operation.granularity_parameter).get("default")
    return default if isinstance(default, str) else None


def analytics_field_names(operation: spec.Operation) -> list[str]:
    """Every value of the fields parameter (`analytics.fields`, `media_analytics.fields`)."""
    parameter = next(p for p in operation.parameters if p.name == operation.metrics_parameter)
    item_schema = parameter.schema["items"]
    if "$ref" in item_schema:
        item_schema = parameter.schema["$defs"][item_schema["$ref"].rsplit("/", 1)[1]]
    return list(item_schema.get("enum", ()))


def analytics_items(answer: Answer) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(key, item) of every data item naming its post id or media key."""
    key = ANALYTICS_KEY[answer.operation.variant]
    for item in (answer.body or {}).get("data") or []:
        if isinstance(item, dict) and isinstance(item.get(key), str):
            yield item[key], item


def analytics_buckets(item: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    buckets = item.get("timestamped_metrics")
    return [b for b in buckets if isinstance(b, dict)] if isinstance(buckets, list) else []


def _stamp(raw: Any) -> datetime | None:
    """A bucket's timestamp as UTC when it is an RFC 3339 date-time (else the granularity check's business)."""
    if not isinstance(raw, str) or not _DATE_TIME.conforms(raw, "date-time"):
        return None
    moment = parse_time(raw)
    return moment.astimezone(UTC) if moment is not None else None


def analytics_ids_accounted_for(answer: Answer) -> str | None:
    """Every requested post id (media key) is in the data or named by a problem's resource_id or
    value, and every item in the data was requested."""
    body = answer.body or {}
    requested = set(strings((answer.asked or {}).get(answer.operation.batch_parameter)))
    with_data = {key for key, _ in analytics_items(answer)}
    in_errors = {
        value
        for problem in body.get("errors") or []
        if isinstance(problem, dict)
        for name in ("resource_id", "value")
        if isinstance(value := problem.get(name), str)
    }
    problems = []
    if missing := requested - with_data - in_errors:
        problems.append(f"requested ids in neither the data nor a problem: {_listing(missing)}")
    if extra := with_data - requested:
        problems.append(f"items in the data that were not requested: {_listing(extra)}")
    return "; ".join(problems) or None


def analytics_buckets_on_granularity(answer: Answer) -> str | None:
    """Each item's buckets are stamped with RFC 3339 date-times in increasing order, on the requested
    granularity: hourly on whole hours, daily and weekly after the first at midnight UTC (weekly on
    Mondays; the first may start with the range), total a single bucket."""
    granularity = analytics_granularity(answer)
    problems: list[str] = []
    for key, item in analytics_items(answer):
        raws = [b.get("timestamp") for b in analytics_buckets(item)]
        stamps = [_stamp(raw) for raw in raws]
        bad = [repr(raw) for raw, stamp in zip(raws, stamps, strict=True) if stamp is None]
        if bad:
            problems.append(f"{key}: timestamps that are not RFC 3339 date-times: {', '.join(bad[:MAX_REPORTED])}")
            continue
        moments = [s for s in stamps if s is not None]
        if any(a >= b for a, b in itertools.pairwise(moments)):
            problems.append(f"{key}: bucket timestamps not in increasing order")
        if granularity == "total" and len(moments) > 1:
            problems.append(f"{key}: {len(moments)} buckets for granularity total")
        off = [
            m
            for i, m in enumerate(moments)
            if (granularity == "hourly" and m != _floor_hour(m))
            or (granularity in ("daily", "weekly") and i > 0 and m != m.replace(hour=0, minute=0, second=0))
            or (granularity == "weekly" and i > 0 and m.weekday() != 0)
        ]
        if off:
            listed = _listing([f"{m:%Y-%m-%dT%H:%M:%SZ}" for m in off])
            problems.append(f"{key}: buckets not on the {granularity} granularity: {listed}")
        if len(problems) >= MAX_REPORTED:
            break
    return "; ".join(problems[:MAX_REPORTED]) or None


def analytics_window(answer: Answer) -> str | None:
    """Every timestamp lies in the requested range (widened to whole hours): an hourly bucket and an
    item's or a total's timestamp start inside it, a day or week bucket overlaps it."""
    window = requested_window(answer)
    if window is None:
        return None
    low, high = window
    length = ANALYTICS_BUCKET.get(str(analytics_granularity(answer)))
    outside: list[str] = []
    for key, item in analytics_items(answer):
        flat = _stamp(item.get("timestamp"))
        if flat is not None and not low <= flat < high:
            outside.append(f"{key} timestamp {item['timestamp']!r}")
        for bucket in analytics_buckets(item):
            start = _stamp(bucket.get("timestamp"))
            if start is None:
                continue
            fits = start < high and start + length > low if length and length > HOUR else low <= start < high
            if not fits:
                outside.append(f"{key} bucket {bucket['timestamp']!r}")
    return _window_message(outside, low, high, "the requested range")


def analytics_fields_as_requested(answer: Answer) -> str | None:
    """Each item carries the fields asked for (every one when the parameter is left out) and no
    other the spec knows, its key always; each bucket's metrics the counters asked for. A field the
    spec does not know is allowed (X adds fields over time)."""
    operation = answer.operation
    known = set(analytics_field_names(operation))
    asked = set(strings((answer.asked or {}).get(operation.metrics_parameter))) or known
    key_field = ANALYTICS_KEY[operation.variant]
    counters = asked - STRUCTURAL
    problems: list[str] = []
    for key, item in analytics_items(answer):
        present = set(item)
        if extra := (present & known) - asked - {key_field}:
            problems.append(f"{key}: fields not requested: {_listing(extra)}")
        if missing := asked - present - {key_field}:
            problems.append(f"{key}: requested fields missing: {_listing(missing)}")
        for bucket in analytics_buckets(item):
            metrics = bucket.get("metrics")
            names = set(metrics) if isinstance(metrics, dict) else set()
            if isinstance(metrics, dict) and ((names & known) - counters or counters - names):
                wrong = _listing(((names & known) - counters) | (counters - names))
                problems.append(f"{key} bucket {bucket.get('timestamp')!r}: metrics not as requested: {wrong}")
                break
        if len(problems) >= MAX_REPORTED:
            break
    return "; ".join(problems[:MAX_REPORTED]) or None
