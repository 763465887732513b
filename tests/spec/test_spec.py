"""The spec itself: valid OpenAPI 3.1, examples that match their schemas, every documented rule present."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate

from generator.resolve import Resolver
from generator.validate import _examples
from tests.support.specs import spec

SPEC = spec()
SCHEMAS = SPEC["components"]["schemas"]


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    bundled = Resolver(SPEC).bundle(schema)
    return jsonschema.Draft202012Validator(bundled, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


@pytest.mark.parametrize(("pointer", "schema", "value"), _examples(SPEC), ids=lambda v: v if isinstance(v, str) else "")
def test_every_example_validates_against_its_schema(pointer: str, schema: dict[str, Any], value: Any) -> None:
    errors = list(_validator(schema).iter_errors(value))
    assert errors == [], f"{pointer}: {errors[0].message if errors else ''}"


def test_examples_cover_both_variants_requests_and_responses() -> None:
    pointers = [pointer for pointer, _, _ in _examples(SPEC)]
    assert len(pointers) >= 15
    assert any("requestBody" in p for p in pointers)
    assert any("InsightsResponse" in p for p in pointers)


def _operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        op["operationId"]: (method, path, op) for path, item in SPEC["paths"].items() for method, op in item.items()
    }


def test_five_operations_each_with_its_own_server_and_security() -> None:
    ops = _operations()
    assert sorted(ops) == [
        "getEngagement28hr", "getEngagementHistorical", "getEngagementTotals",
        "getInsights28hr", "getInsightsHistorical", "getMediaAnalytics", "getPostsAnalytics",
    ]  # fmt: skip
    for method, path, op in ops.values():
        servers = [s["url"] for s in op["servers"]]
        if path.startswith("/2/"):
            assert (method, servers) == ("get", ["https://api.x.com"])
            scopes = ["tweet.read", "users.read"] if path == "/2/tweets/analytics" else ["tweet.read"]
            assert op["security"] == [{"OAuth2UserToken": scopes}, {"UserToken": []}]
        else:
            assert (method, servers) == ("post", ["https://data-api.twitter.com", "https://data-api.x.com"])
            assert op["security"] == [{"UserToken": []}]


def test_tweet_id_rules() -> None:
    assert SCHEMAS["TweetId"]["pattern"] == "^[0-9]{1,19}$"
    assert (SCHEMAS["TweetIds25"]["maxItems"], SCHEMAS["TweetIds250"]["maxItems"]) == (25, 250)
    assert SCHEMAS["TweetIds25"]["uniqueItems"] and SCHEMAS["TweetIds250"]["uniqueItems"]
    totals = SCHEMAS["EngagementTotalsRequest"]["properties"]["tweet_ids"]["$ref"]
    assert totals.endswith("TweetIds250")


def test_enumerations_have_the_documented_members() -> None:
    assert len(SCHEMAS["V2Metric"]["enum"]) == 26
    assert SCHEMAS["Granularity"]["enum"] == ["Daily", "Hourly", "Weekly", "Total"]
    assert SCHEMAS["EngagementField"]["enum"] == ["errors", "measurement"]
    assert len(SCHEMAS["EngagementType"]["enum"]) == 17
    assert "quote_tweets" not in SCHEMAS["EngagementType"]["enum"]
    assert sorted(SCHEMAS["TotalsEngagementType"]["enum"]) == sorted(
        ["impressions", "engagements", "favorites", "retweets", "quote_tweets", "replies", "video_views"]
    )
    assert SCHEMAS["TotalsGroupBy"]["enum"] == ["tweet.id", "engagement.type"]


def test_array_query_parameters_are_comma_separated() -> None:
    for name in ("TweetIdsParameter", "RequestedMetricsParameter", "EngagementFieldsParameter"):
        param = SPEC["components"]["parameters"][name]
        assert (param["style"], param["explode"]) == ("form", False)


GOOD_4 = ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]


@pytest.mark.parametrize(
    ("group_by", "valid"),
    [
        (GOOD_4, True),
        (["engagement.type", "tweet.id", "engagement.day", "engagement.hour"], True),
        (["engagement.day", "tweet.id", "engagement.type", "engagement.hour"], False),
        (["tweet.id", "engagement.hour", "engagement.day"], True),
        (["tweet.id", "tweet.id"], False),
        ([], False),
        (["tweet.id", "engagement.minute"], False),
    ],
)
def test_group_by_orders(group_by: list[str], valid: bool) -> None:
    assert _validator({"$ref": "#/components/schemas/Grouping"}).is_valid({"group_by": group_by}) is valid


def test_groupings_are_at_most_three_and_totals_has_no_day_or_hour() -> None:
    groupings = _validator({"$ref": "#/components/schemas/Groupings"})
    four = {f"g{i}": {"group_by": ["tweet.id"]} for i in range(4)}
    assert not groupings.is_valid(four)
    totals = _validator({"$ref": "#/components/schemas/TotalsGroupings"})
    assert not totals.is_valid({"g": {"group_by": ["tweet.id", "engagement.day"]}})
    assert totals.is_valid({"g": {"group_by": ["engagement.type", "tweet.id"]}})


def test_rules_json_schema_cannot_state_are_x_rules() -> None:
    ops = _operations()
    assert ops["getEngagement28hr"][2]["x-rules"] == [
        {"rule": "at-most-n-groupings-of-length", "groupings": "groupings", "length": 4, "max": 1}
    ]
    window = ops["getEngagementHistorical"][2]["x-rules"][1]
    assert window["max-days"] == 28 and window["start-before-end"] and window["end-not-in-future"]
    assert ops["getInsightsHistorical"][2]["x-rules"][0]["rule"] == "time-window"


def test_enterprise_counts_accept_strings_and_integers() -> None:
    count = _validator({"$ref": "#/components/schemas/Count"})
    assert count.is_valid("551") and count.is_valid(26)
    assert not count.is_valid("5x") and not count.is_valid(-1)
