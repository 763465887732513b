"""Anything X's own v2.167 schema allows for post or media analytics, our spec accepts and the
client decodes without loss (tests/data/x_v2_167: the vendored extract of X's document)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import x_engagement as xe
from contracts import spec as contract_spec
from tests.support.server import Reply, scripted_server

UPSTREAM = json.loads((Path(__file__).parents[1] / "data" / "x_v2_167" / "analytics-openapi.json").read_text())
INT64 = {"minimum": -(2**63), "maximum": 2**63 - 1}


def json_schema(node: Any) -> Any:
    """X's OpenAPI 3.0 schema as JSON Schema: `nullable` as a null branch, refs into `$defs`,
    int64 bounds on integers (msgspec decodes 64-bit integers), objects closed (see the note)."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: json_schema(v) for k, v in node.items() if k not in ("nullable", "discriminator", "description")}
    if "$ref" in out:
        out["$ref"] = "#/$defs/" + out["$ref"].rsplit("/", 1)[-1]
    if out.get("type") == "integer":
        out.update(INT64)
    if out.get("type") == "object" and "properties" in out:
        # X's objects leave additionalProperties open; drawn additions would land in result.extra
        # (tested in test_accountability). Closed here so "without loss" is an exact comparison.
        out["additionalProperties"] = False
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def from_schema(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    """Values valid under `schema`, for the constructs X's analytics schemas use (hypothesis-jsonschema
    0.23.1, the latest, fails on this hypothesis: `'many' object has no attribute 'more'`). Every
    drawn value is also checked against X's schema with jsonschema_rs below."""
    defs = schema.get("$defs", {}) if defs is None else defs
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(defs[name], defs))
    if "oneOf" in schema or "anyOf" in schema:
        branches: list[dict[str, Any]] = schema.get("oneOf") or schema.get("anyOf") or []
        return st.one_of([from_schema(sub, defs) for sub in branches])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return st.one_of([from_schema({**schema, "type": kind}, defs) for kind in kinds])
    if kinds == "null":
        return st.none()
    if kinds == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kinds == "string":
        pattern = schema.get("pattern")
        return st.from_regex(pattern, fullmatch=True) if pattern else st.text(max_size=12)
    if kinds == "array":
        return st.lists(from_schema(schema.get("items", {}), defs), max_size=4)
    if kinds == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: from_schema(v, defs) for k, v in properties.items() if k in required},
            optional={k: from_schema(v, defs) for k, v in properties.items() if k not in required},
        )
    raise AssertionError(f"a construct this strategy does not draw: {schema}")


def upstream(name: str) -> dict[str, Any]:
    defs = {k: json_schema(v) for k, v in UPSTREAM["components"]["schemas"].items()}
    return {"$ref": f"#/$defs/{name}", "$defs": defs}


CASES = {
    "getPostsAnalytics": ("GetPostsAnalyticsResponse", "get_posts_analytics", {"ids": ["1"]}),
    "getMediaAnalytics": ("GetMediaAnalyticsResponse", "get_media_analytics", {"media_keys": ["7_1"]}),
}
RANGE = {"start_time": datetime(2026, 7, 20, tzinfo=UTC), "end_time": datetime(2026, 7, 21, tzinfo=UTC)}


@pytest.mark.parametrize("operation_id", sorted(CASES))
def test_responses_valid_under_xs_schema_are_accepted_and_decoded_without_loss(operation_id: str) -> None:
    schema_name, method, arguments = CASES[operation_id]
    theirs = upstream(schema_name)
    ours = jsonschema_rs.Draft202012Validator(contract_spec.operations()[operation_id].success_schema)
    with scripted_server() as server:
        client = xe.Client(bearer_token="t", base_url=server.url, retry=xe.RetryPolicy.disabled())

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(body=from_schema(theirs))
        def check(body: dict[str, Any]) -> None:
            jsonschema_rs.Draft4Validator(theirs).validate(body)  # drawn valid under X's schema
            ours.validate(body)  # ... and valid under ours
            server.reply(Reply(200, json.dumps(body).encode(), {"content-type": "application/json"}))
            result = getattr(client, method)(**arguments, **RANGE)
            assert result.extra == {}
            assert msgspec.to_builtins(result.response) == body  # every value, null and string kept
            expected = {
                (n, b, f)
                for item in body.get("data", [])
                for n, b, f in _strings(item, "media_key" if method == "get_media_analytics" else "id")
            }
            assert {(n.key, n.bucket, n.field) for n in result.string_counters} == expected

        check()


def _strings(item: dict[str, Any], key_field: str) -> list[tuple[str, str | None, str]]:
    key = item.get(key_field)
    if not isinstance(key, str):
        return []
    found: list[tuple[str, str | None, str]] = [
        (key, None, f) for f, v in item.items() if f not in (key_field, "timestamp") and isinstance(v, str)
    ]
    for bucket in item.get("timestamped_metrics") or []:
        metrics = bucket.get("metrics") or {}
        stamp = bucket.get("timestamp") if isinstance(bucket.get("timestamp"), str) else None
        found += [(key, stamp, f) for f, v in metrics.items() if isinstance(v, str)]
    return found
