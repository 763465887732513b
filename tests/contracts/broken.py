"""Deliberately broken variants of the mock: each must make the contract suite fail.

Each variant wraps the real mock in an ASGI layer that bends one thing. `python -m contracts run
--app tests.contracts.broken:<name>` runs the suite against one of them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts import semantics, spec
from contracts.mock import MockConfig, create_app, shape
from contracts.mock.config import DEFAULT_CREDENTIALS, Credentials

Rewrite = Callable[[Scope, int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


class Bent:
    """Buffers the mock's response and passes it through `rewrite` (requests are never gzipped)."""

    def __init__(self, rewrite: Rewrite, scope_rewrite: Callable[[Scope], Scope] | None = None) -> None:
        self.inner: ASGIApp = create_app(MockConfig())
        self.state = self.inner.state  # the suite reads the credentials
        self.rewrite = rewrite
        self.scope_rewrite = scope_rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        messages = [await receive()]
        while messages[-1]["type"] == "http.request" and messages[-1].get("more_body"):
            messages.append(await receive())
        request_body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        scope = {**scope, "headers": headers, "request_body": request_body}  # the rewrite may read it

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        if self.scope_rewrite is not None:
            scope = self.scope_rewrite(scope)
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.inner(scope, replay, capture)
        response_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
        status, response_headers, body = self.rewrite(scope, start["status"], response_headers, b"".join(chunks))
        response_headers["content-length"] = str(len(body))
        await send({
            "type": "http.response.start", "status": status,
            "headers": [(k.encode(), v.encode()) for k, v in response_headers.items()],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": body})


def _json_rewrite(change: Callable[[Scope, int, Any], Any]) -> Rewrite:
    def rewrite(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        return status, headers, json.dumps(change(scope, status, json.loads(body))).encode()

    return rewrite


def _first_leaf(node: dict[str, Any], value: Any) -> None:
    for key, child in node.items():
        if isinstance(child, dict):
            _first_leaf(child, value)
        else:
            node[key] = value
        return


def _metric_as_string(scope: Scope, status: int, body: Any) -> Any:
    for item in body.get("data", []) if status == 200 else []:
        measurement = item.get("measurement", {})
        for entry in measurement.get("metrics_total", []):
            for metric in entry["value"]:
                metric["metric_value"] = str(metric["metric_value"])
        for entry in measurement.get("metrics_time_series", []):
            for metric in entry["value"]["metric_values"]:
                metric["metric_value"] = str(metric["metric_value"])
    return body


def _problem_without_type(scope: Scope, status: int, body: Any) -> Any:
    if status >= 400 and isinstance(body, dict):
        body.pop("type", None)  # required by Problem
        body.pop("errors", None) if "title" not in body else None  # and by EnterpriseError
    return body


def _count_not_a_number(scope: Scope, status: int, body: Any) -> Any:
    if status == 200 and scope["path"].startswith("/insights/"):
        for value in body.values():
            if isinstance(value, dict):
                _first_leaf(value, "a lot")
    return body


def _without_start(scope: Scope, status: int, body: Any) -> Any:
    if status == 200 and isinstance(body, dict):
        body.pop("start", None)
    return body


def _server_error_when_valid(
    scope: Scope, status: int, headers: dict[str, str], body: bytes
) -> tuple[int, dict[str, str], bytes]:
    if status != 200:
        return status, headers, body
    problem = {"title": "Internal Server Error", "type": "about:blank", "status": 500}
    return 500, {"content-type": "application/problem+json"}, json.dumps(problem).encode()


def _text_plain(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
    if status == 200:
        headers["content-type"] = "text/plain"
    return status, headers, body


def _keep_only_25_ids(scope: Scope) -> Scope:
    """Quietly drop tweet ids beyond the 25th before the mock sees them, so 26 ids get a 200."""
    query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    trimmed = [(k, ",".join(v.split(",")[:25]) if k == "tweet_ids" else v) for k, v in query]
    return {**scope, "query_string": urlencode(trimmed, safe=",").encode()}


def _unchanged(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
    return status, headers, body


# --- semantic breakage: each of these must fail one semantic check and nothing else -------------

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FIXED = semantics.fixed_keys(spec.operations()["getEngagement28hr"])


def _query(scope: Scope) -> dict[str, str]:
    return dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))


def _request_json(scope: Scope) -> dict[str, Any]:
    try:
        parsed = json.loads(scope.get("request_body") or b"{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _v2_entries(body: Any) -> list[dict[str, Any]]:
    """Every metrics_total and metrics_time_series entry of a v2 body."""
    measurements = [i.get("measurement", {}) for i in body.get("data", []) if isinstance(i, dict)]
    return [e for m in measurements for kind in ("metrics_total", "metrics_time_series") for e in m.get(kind, [])]


def _v2_series(body: Any) -> list[dict[str, Any]]:
    return [e for e in _v2_entries(body) if isinstance(e.get("value"), dict)]


def _groupings(body: Any) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in _FIXED and isinstance(v, dict)}


def _drop_last_requested_post(scope: Scope, status: int, body: Any) -> Any:
    """v2: the first requested post vanishes from the data (not listed in any error either); the
    first, because the suite's own questions end with ids that have no data to drop."""
    if status != 200 or not scope["path"].startswith("/2/"):
        return body
    last = _query(scope).get("tweet_ids", "").split(",")[0]
    for item in body.get("data", []):
        for kind, entries in item.get("measurement", {}).items():
            item["measurement"][kind] = [e for e in entries if e.get("tweet_id") != last]
    return body


def _rename_groupings(scope: Scope, status: int, body: Any) -> Any:
    """Enterprise: every grouping comes back under another name (the issue's own example)."""
    if status == 200 and scope["path"].startswith("/insights/"):
        for name in list(_groupings(body)):
            body[f"{name}-renamed"] = body.pop(name)
    return body


def _swap_top_levels(tree: dict[str, Any]) -> dict[str, Any]:
    if not all(isinstance(child, dict) for child in tree.values()):
        return tree
    swapped: dict[str, Any] = {}
    for outer, child in tree.items():
        for inner, grandchild in child.items():
            swapped.setdefault(inner, {})[outer] = grandchild
    return swapped


def _swap_grouping_levels(scope: Scope, status: int, body: Any) -> Any:
    """Enterprise: the first two levels of every grouping nest the other way round."""
    if status == 200 and scope["path"].startswith("/insights/"):
        for name, tree in _groupings(body).items():
            body[name] = _swap_top_levels(tree)
    return body


def _add_at_type_level(tree: Any, depth: int, extra: str) -> None:
    if not isinstance(tree, dict):
        return
    if depth == 0 and tree:
        tree[extra] = copy.deepcopy(next(iter(tree.values())))
        return
    for child in tree.values():
        _add_at_type_level(child, depth - 1, extra)


def _add_unrequested_metric(scope: Scope, status: int, body: Any) -> Any:
    """A metric nobody asked for rides along: v2 a known metric, Enterprise a valid engagement type."""
    if status != 200:
        return body
    if scope["path"].startswith("/2/"):
        requested = _query(scope).get("requested_metrics", "").split(",")
        extra = next((m for m in sorted(semantics.known_v2_metrics()) if m not in requested), None)
        for entry in _v2_entries(body) if extra else []:
            values = entry["value"]["metric_values"] if isinstance(entry["value"], dict) else entry["value"]
            values.append({**values[0], "metric_type": extra})
        return body
    asked = _request_json(scope)
    requested = asked.get("engagement_types", [])
    extra = next((t for t in ("impressions", "favorites", "retweets") if t not in requested), None)
    for name, grouping in asked.get("groupings", {}).items():
        levels = spec.nesting(grouping.get("group_by", []))
        if extra and "engagement.type" in levels and isinstance(body.get(name), dict):
            _add_at_type_level(body[name], levels.index("engagement.type"), extra)
    return body


def _shift_key_days(tree: Any, delta: timedelta) -> Any:
    if not isinstance(tree, dict):
        return tree
    return {
        (datetime.fromisoformat(k) + delta).date().isoformat() if _DAY.match(k) else k: _shift_key_days(v, delta)
        for k, v in tree.items()
    }


def _shifted(delta: timedelta, path_suffix: str) -> Callable[[Scope, int, Any], Any]:
    """Every time of a 200 on paths ending in `path_suffix` moved by `delta` (consistently, so the
    answer agrees with itself: only its place in time is wrong)."""

    def change(scope: Scope, status: int, body: Any) -> Any:
        if status != 200 or not scope["path"].endswith(path_suffix):
            return body
        for entry in _v2_series(body):
            stamp = entry["value"]["timestamp"]
            stamp["iso8601_time"] = shape.iso(datetime.fromisoformat(stamp["iso8601_time"]) + delta)
        for key in ("start", "end"):
            if key in body:
                body[key] = shape.iso(datetime.fromisoformat(body[key]) + delta)
        for name, tree in _groupings(body).items():
            body[name] = _shift_key_days(tree, delta)
        return body

    return change


def _half_past_hourly(scope: Scope, status: int, body: Any) -> Any:
    """v2 /28hr hourly buckets stamped at half past (10:30 instead of 10:00); Daily/Weekly untouched."""
    if status == 200 and scope["path"] == "/2/insights/28hr" and _query(scope).get("granularity") == "Hourly":
        for entry in _v2_series(body):
            stamp = entry["value"]["timestamp"]
            stamp["iso8601_time"] = shape.iso(datetime.fromisoformat(stamp["iso8601_time"]) - timedelta(minutes=30))
    return body


def _end_too_early(scope: Scope, status: int, body: Any) -> Any:
    """Enterprise `end` three hours before its last hour bucket ends (when the window is longer)."""
    if status == 200 and isinstance(body.get("end"), str) and isinstance(body.get("start"), str):
        start, end = datetime.fromisoformat(body["start"]), datetime.fromisoformat(body["end"])
        if end - start > timedelta(hours=4):
            body["end"] = shape.iso(end - timedelta(hours=3))
    return body


def _total_off_by_one(scope: Scope, status: int, body: Any) -> Any:
    """v2 Total answers count one more of everything than the hours they sum."""
    if status == 200 and scope["path"].startswith("/2/") and _query(scope).get("granularity") == "Total":
        for entry in _v2_entries(body):
            for metric in entry["value"] if isinstance(entry["value"], list) else []:
                metric["metric_value"] += 1
    return body


def _time_not_iso8601(scope: Scope, status: int, body: Any) -> Any:
    """v2 iso8601_time as an HTTP date ("Mon, 09 Mar 2026 10:00:00 GMT"): a timestamp, not ISO 8601."""
    if status == 200 and scope["path"].startswith("/2/"):
        for entry in _v2_series(body):
            stamp = entry["value"]["timestamp"]
            stamp["iso8601_time"] = format_datetime(datetime.fromisoformat(stamp["iso8601_time"]), usegmt=True)
    return body


# --- post and media analytics: each fails one analytics check and nothing else -------------------

_ANALYTICS_PATHS = ("/2/tweets/analytics", "/2/media/analytics")


def _analytics_items(scope: Scope, status: int, body: Any) -> list[dict[str, Any]]:
    """The data items of a 200 from an analytics path (none for anything else)."""
    if status != 200 or scope["path"] not in _ANALYTICS_PATHS or not isinstance(body, dict):
        return []
    return [item for item in body.get("data", []) if isinstance(item, dict)]


def _drop_last_requested_item(scope: Scope, status: int, body: Any) -> Any:
    """The first requested post id or media key vanishes from the data (and is in no problem)."""
    items = _analytics_items(scope, status, body)
    query = _query(scope)
    asked = (query.get("ids") or query.get("media_keys") or "").split(",")
    if items:
        body["data"] = [i for i in items if asked[0] not in (i.get("id"), i.get("media_key"))]
    return body


def _drop_unavailable_list(scope: Scope, status: int, body: Any) -> Any:
    """Enterprise: the unavailable posts are left out of the answer, list and message both (the
    rest of the answer untouched): a server that drops what it cannot serve."""
    if status == 200 and scope["path"].startswith("/insights/") and isinstance(body, dict):
        body.pop("unavailable_tweet_ids", None)
        body.pop("errors", None)
    return body


def _drop_v2_post_errors(scope: Scope, status: int, body: Any) -> Any:
    """v2 insights: the per-post errors naming unavailable posts are left out."""
    if status == 200 and scope["path"].startswith("/2/insights/") and isinstance(body, dict):
        for item in body.get("data") or []:
            if isinstance(item, dict):
                item.pop("errors", None)
    return body


def _drop_analytics_problems(scope: Scope, status: int, body: Any) -> Any:
    """Post or media analytics: the not-found problems naming unavailable ids are left out."""
    if status == 200 and scope["path"] in _ANALYTICS_PATHS and isinstance(body, dict):
        body.pop("errors", None)
    return body


def _half_past_hourly_analytics(scope: Scope, status: int, body: Any) -> Any:
    """Hourly buckets stamped at half past (10:30 instead of 10:00): still inside the range."""
    if _query(scope).get("granularity") != "hourly":
        return body
    for item in _analytics_items(scope, status, body):
        for bucket in item.get("timestamped_metrics", []):
            bucket["timestamp"] = shape.iso(datetime.fromisoformat(bucket["timestamp"]) + timedelta(minutes=30))
    return body


def _analytics_six_weeks_early(scope: Scope, status: int, body: Any) -> Any:
    """Every timestamp six weeks before the range asked for (whole weeks: still on its granularity)."""
    for item in _analytics_items(scope, status, body):
        for node in [item, *item.get("timestamped_metrics", [])]:
            if isinstance(node.get("timestamp"), str):
                node["timestamp"] = shape.iso(datetime.fromisoformat(node["timestamp"]) - timedelta(weeks=6))
    return body


def _add_unrequested_field(scope: Scope, status: int, body: Any) -> Any:
    """A counter nobody asked for rides along on each item (one the spec knows)."""
    name = "analytics.fields" if scope["path"] == "/2/tweets/analytics" else "media_analytics.fields"
    asked = _query(scope).get(name, "").split(",")
    extra = next(
        (f for f in ("likes", "impressions", "bookmarks", "video_views", "playback25") if f not in asked), None
    )
    if extra is None or not asked[0]:  # every field when none was named: nothing is unrequested
        return body
    operation = next(op for op in spec.operations().values() if op.path == scope["path"])
    if extra not in semantics.analytics_field_names(operation):
        extra = next(f for f in semantics.analytics_field_names(operation) if f not in asked)
    for item in _analytics_items(scope, status, body):
        item[extra] = 7
    return body


wrong_metric_value_type = Bent(_json_rewrite(_metric_as_string))
missing_required_field = Bent(_json_rewrite(_problem_without_type))
server_error_on_valid_request = Bent(_server_error_when_valid)
accepts_26_tweet_ids = Bent(_unchanged, _keep_only_25_ids)
wrong_content_type = Bent(_text_plain)
enterprise_count_not_a_number = Bent(_json_rewrite(_count_not_a_number))
missing_start = Bent(_json_rewrite(_without_start))
faithful = Bent(_unchanged)  # the control: the wrapper itself breaks nothing
drops_a_requested_post = Bent(_json_rewrite(_drop_last_requested_post))
renames_groupings = Bent(_json_rewrite(_rename_groupings))
swaps_grouping_levels = Bent(_json_rewrite(_swap_grouping_levels))
adds_an_unrequested_metric = Bent(_json_rewrite(_add_unrequested_metric))
stale_28hr_window = Bent(_json_rewrite(_shifted(timedelta(days=-3), "/28hr")))
historical_outside_window = Bent(_json_rewrite(_shifted(timedelta(days=-40), "/historical")))
half_past_hourly_buckets = Bent(_json_rewrite(_half_past_hourly))
end_before_last_bucket = Bent(_json_rewrite(_end_too_early))
total_disagrees_with_hours = Bent(_json_rewrite(_total_off_by_one))
time_not_iso8601 = Bent(_json_rewrite(_time_not_iso8601))
analytics_drops_a_requested_id = Bent(_json_rewrite(_drop_last_requested_item))
analytics_half_past_hourly = Bent(_json_rewrite(_half_past_hourly_analytics))
analytics_outside_range = Bent(_json_rewrite(_analytics_six_weeks_early))
analytics_adds_an_unrequested_field = Bent(_json_rewrite(_add_unrequested_field))
drops_the_unavailable_list = Bent(_json_rewrite(_drop_unavailable_list))
drops_the_unavailable_errors = Bent(_json_rewrite(_drop_v2_post_errors))
analytics_drops_not_found_problems = Bent(_json_rewrite(_drop_analytics_problems))


class Routed:
    """One broken variant per operation (by path), the faithful mock elsewhere: a failure on an
    operation belongs to that operation's variant, so one run tests several variants at once."""

    def __init__(self, by_path: dict[str, Bent]) -> None:
        self.by_path = by_path
        self.default = Bent(_unchanged)
        self.state = self.default.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = self.by_path.get(scope.get("path", ""), self.default) if scope["type"] == "http" else self.default
        await app(scope, receive, send)


# path -> variant; SEMANTIC_BATCHES below says which operation carries which variant
SEMANTIC_BATCHES: dict[str, dict[str, Bent]] = {
    "semantic_batch_a": {
        "/2/insights/28hr": half_past_hourly_buckets,
        "/2/insights/historical": drops_a_requested_post,
        "/insights/engagement/totals": renames_groupings,
        "/insights/engagement/28hr": stale_28hr_window,
        "/insights/engagement/historical": end_before_last_bucket,
        "/2/tweets/analytics": analytics_drops_a_requested_id,
        "/2/media/analytics": analytics_half_past_hourly,
    },
    "semantic_batch_b": {
        "/2/insights/28hr": time_not_iso8601,
        "/2/insights/historical": total_disagrees_with_hours,
        "/insights/engagement/totals": swaps_grouping_levels,
        "/insights/engagement/28hr": adds_an_unrequested_metric,
        "/insights/engagement/historical": historical_outside_window,
        "/2/tweets/analytics": analytics_adds_an_unrequested_field,
        "/2/media/analytics": analytics_outside_range,
    },
    # loss of what cannot be served: the suite's questions name an impossible id and one the mock
    # reports unavailable, and these servers say nothing about either
    "semantic_batch_c": {
        "/2/insights/28hr": drops_the_unavailable_errors,
        "/insights/engagement/historical": drops_the_unavailable_list,
        "/2/media/analytics": analytics_drops_not_found_problems,
    },
}
SEMANTIC_VARIANTS = tuple(
    name
    for name, value in list(vars().items())
    if any(value is v for b in SEMANTIC_BATCHES.values() for v in b.values())
)
semantic_batch_a = Routed(SEMANTIC_BATCHES["semantic_batch_a"])
semantic_batch_b = Routed(SEMANTIC_BATCHES["semantic_batch_b"])
semantic_batch_c = Routed(SEMANTIC_BATCHES["semantic_batch_c"])


class WithoutItsConfig:
    """The mock with its configuration out of sight, like any other ASGI app: the suite signs with
    the X_MOCK_* credentials it sees (or the defaults), which need not be the ones it accepts."""

    def __init__(self) -> None:  # it accepts the defaults, whatever X_MOCK_* says
        self.inner: ASGIApp = create_app(MockConfig(credentials=Credentials(**DEFAULT_CREDENTIALS)))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.inner(scope, receive, send)


mock_without_its_config = WithoutItsConfig()
