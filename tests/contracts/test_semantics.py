"""The semantic checks' decisions, on real answers of the in-process mock edited one thing at a time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx

from contracts import spec
from contracts.checks import run_response_checks
from contracts.ledger import WARNING, Finding
from contracts.semantics import BUCKET
from contracts.suite.support import wire_request
from contracts.target import in_process

V2 = spec.operations()["getInsights28hr"]
ENTERPRISE = spec.operations()["getEngagement28hr"]


def _exchange(operation: spec.Operation, instance: dict[str, Any]) -> httpx.Response:
    target = in_process()
    response = target.send(wire_request(operation, target, instance), operation)
    assert response.status_code == 200, response.text
    return response


def _edited(response: httpx.Response, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(
        200, headers={"content-type": "application/json", **headers}, content=json.dumps(body).encode(),
        request=response.request,
    )  # fmt: skip


def _hourly_v2() -> httpx.Response:
    return _exchange(V2, {"tweet_ids": ["20", "21"], "granularity": "Hourly", "requested_metrics": ["Likes"]})


def test_the_real_mock_passes_every_check_that_applies() -> None:
    verdicts = run_response_checks(V2, _hourly_v2())
    assert {"tweet_ids_accounted_for", "metrics_as_requested", "window_28hr", "iso8601_time_format"} <= set(verdicts)
    assert not any(verdicts.values()), verdicts


def test_unknown_metric_names_are_allowed_but_known_unrequested_ones_are_not() -> None:
    response = _hourly_v2()
    body = response.json()
    for entry in body["data"][0]["measurement"]["metrics_total"]:
        entry["value"].append({"metric_type": "BrandNewMetricXMayAdd", "metric_value": 3})
    assert run_response_checks(V2, _edited(response, body))["metrics_as_requested"] is None
    for entry in body["data"][0]["measurement"]["metrics_total"]:
        entry["value"].append({"metric_type": "Retweets", "metric_value": 3})
    failure = run_response_checks(V2, _edited(response, body))["metrics_as_requested"]
    # surplus data: reported as a warning, not an error
    assert isinstance(failure, Finding) and failure.severity == WARNING
    assert "not requested: 'Retweets'" in failure.message


def test_the_28_hour_window_is_judged_from_the_date_header() -> None:
    response = _hourly_v2()
    stamps = [
        e["value"]["timestamp"]["iso8601_time"]
        for e in response.json()["data"][0]["measurement"]["metrics_time_series"]
    ]
    newest = datetime.fromisoformat(max(stamps))
    same_day = format_datetime(newest + timedelta(minutes=90), usegmt=True)
    three_days_on = format_datetime(newest + timedelta(days=3), usegmt=True)
    assert run_response_checks(V2, _edited(response, response.json(), date=same_day))["window_28hr"] is None
    failure = run_response_checks(V2, _edited(response, response.json(), date=three_days_on))["window_28hr"]
    assert failure is not None and "outside" in failure


def test_without_the_request_only_the_request_free_checks_apply() -> None:
    response = _hourly_v2()
    bare = httpx.Response(200, headers=response.headers, content=response.content)
    assert set(run_response_checks(V2, bare)) == {"body_schema"}


def test_a_group_by_the_spec_does_not_know_is_left_to_negative_data_rejection() -> None:
    instance = {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": {"g": {"group_by": ["tweet.id"]}}}
    response = _exchange(ENTERPRISE, instance)
    odd = json.loads(response.request.content)
    odd["groupings"]["g"]["group_by"] = ["Tweet.id"]
    request = httpx.Request("POST", str(response.request.url), json=odd)
    again = httpx.Response(200, headers={"content-type": "application/json"}, content=response.content, request=request)
    verdicts = run_response_checks(ENTERPRISE, again)
    assert verdicts["grouping_nesting"] is None and verdicts["grouping_names"] is None


def test_bucket_spans_are_known_for_every_granularity_the_spec_offers_but_total() -> None:
    """The judge's bucket lengths are keyed by the values of the parameter with x-role: granularity,
    so a value added to or renamed in the spec fails here instead of going unchecked."""
    parameter = next(p for p in V2.parameters if p.name == V2.granularity_parameter)
    schema = parameter.schema
    values = schema.get("enum") or schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]["enum"]
    assert set(BUCKET) == set(values) - {"Total"}
