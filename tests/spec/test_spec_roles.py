"""Every spec fact the templates and the runtime rely on is named in the spec and checked there.

A spec the templates cannot serve is a SpecError naming the JSON pointer, never a generated
package that fails at import.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import SpecError
from generator.model import ApiModel, build_model
from generator.pipeline import generate_files
from generator.validate import validate_spec
from tests.support.specs import ROOT, spec

V2_OP = "#/paths/~12~1insights~128hr/get"
ENTERPRISE_OP = "#/paths/~1insights~1engagement~128hr/post"


def _model(document: dict[str, Any]) -> ApiModel:
    validate_spec(document)
    return build_model(document)


def _mutated(mutate: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    document = copy.deepcopy(spec())
    mutate(document)
    return document


def _schemas(d: dict[str, Any]) -> dict[str, Any]:
    return d["components"]["schemas"]  # type: ignore[no-any-return]


def _parameters(d: dict[str, Any]) -> dict[str, Any]:
    return d["components"]["parameters"]  # type: ignore[no-any-return]


def _headers(d: dict[str, Any]) -> dict[str, Any]:
    return d["components"]["headers"]  # type: ignore[no-any-return]


def _enterprise(d: dict[str, Any]) -> dict[str, Any]:
    return d["paths"]["/insights/engagement/28hr"]["post"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("mutate", "pointer", "words"),
    [
        (
            lambda d: _schemas(d)["EngagementResponse"].pop("x-role"),
            "#/components/schemas",
            "no schema has x-role: enterprise-response",
        ),
        (
            lambda d: _schemas(d)["Problem"].update({"x-role": "enterprise-error"}),
            "#/components/schemas/EnterpriseError/x-role",
            "also given to schema 'Problem'",
        ),
        (
            lambda d: _schemas(d)["Problem"].update({"x-role": "problme"}),
            "#/components/schemas/Problem/x-role",
            "unknown schema role 'problme'",
        ),
        (
            lambda d: _enterprise(d)["responses"]["200"]["content"]["application/json"].update(
                schema={"$ref": "#/components/schemas/InsightsResponse"}
            ),
            ENTERPRISE_OP + "/responses/200",
            "answers with the schema whose x-role names it ('EngagementResponse')",
        ),
        (lambda d: _parameters(d)["TweetIdsParameter"].pop("x-role"), V2_OP, "has the role 'batch'"),
        (lambda d: _parameters(d)["RequestedMetricsParameter"].pop("x-role"), V2_OP, "has the role 'metrics'"),
        (
            lambda d: _parameters(d)["GranularityParameter"].update({"x-role": "batch"}),
            V2_OP + "/parameters/1/x-role",
            "also given to 'tweet_ids'",
        ),
        (
            lambda d: _parameters(d)["GranularityParameter"].update({"x-role": "size"}),
            V2_OP + "/parameters/1/x-role",
            "unknown parameter role 'size'",
        ),
        (
            lambda d: _enterprise(d)["requestBody"]["x-roles"].update(batch="post_ids"),
            ENTERPRISE_OP + "/requestBody/x-roles/batch",
            "no property 'post_ids'",
        ),
        (lambda d: _enterprise(d)["requestBody"].pop("x-roles"), ENTERPRISE_OP, "has the role 'batch'"),
        (lambda d: d["tags"][0].update({"x-variant": "v3"}), "#/tags/0/x-variant", "unknown variant 'v3'"),
        (lambda d: [tag.pop("x-variant") for tag in d["tags"]], "#/tags", "no tag has x-variant"),
        (lambda d: _enterprise(d).update(tags=["engagement"]), ENTERPRISE_OP + "/tags", "exactly one tag"),
        (
            lambda d: _headers(d)["RateLimitReset"].pop("x-role"),
            "#/components/headers",
            "x-role: rate-limit-reset",
        ),
        (
            lambda d: _headers(d)["RateLimitReset"].update({"x-role": "reset"}),
            "#/components/headers/RateLimitReset/x-role",
            "unknown header role 'reset'",
        ),
        (
            lambda d: _schemas(d)["EngagementResponse"]["x-grouping"]["roles"].pop("post"),
            "#/components/schemas/EngagementResponse/x-grouping/roles",
            "must name the levels ['post']",
        ),
        (
            lambda d: _schemas(d)["EngagementResponse"]["x-grouping"]["keys"].pop("tweet.id"),
            "#/components/schemas/EngagementResponse/x-grouping/roles/post",
            "'tweet.id' is not a level of x-grouping keys",
        ),
        (
            lambda d: _schemas(d)["EngagementResponse"]["x-grouping"]["roles"].update(week="engagement.day"),
            "#/components/schemas/EngagementResponse/x-grouping/roles/week",
            "unknown grouping role 'week'",
        ),
        (
            lambda d: _schemas(d)["EngagementResponse"]["x-grouping"]["roles"].update(day="engagement.hour"),
            "#/components/schemas/EngagementResponse/x-grouping/roles/hour",
            "level 'engagement.hour' already has another role",
        ),
    ],
    ids=[
        "schema-role-missing",
        "schema-role-twice",
        "schema-role-unknown",
        "response-not-its-role",
        "batch-parameter-missing",
        "metrics-parameter-missing",
        "parameter-role-twice",
        "parameter-role-unknown",
        "body-role-no-such-property",
        "body-roles-missing",
        "variant-unknown",
        "variants-missing",
        "operation-tag-no-variant",
        "header-role-missing",
        "header-role-unknown",
        "grouping-role-missing",
        "grouping-role-not-a-level",
        "grouping-role-unknown",
        "grouping-level-twice",
    ],
)
def test_a_spec_the_templates_cannot_serve_names_the_pointer(mutate: Any, pointer: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        _model(_mutated(mutate))
    assert caught.value.pointer == pointer
    assert words in caught.value.message


def test_a_minimal_openapi_document_without_components_is_a_spec_error(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}))
    with pytest.raises(SpecError) as caught:
        generate_files(path)
    assert caught.value.pointer == "#/components"
    assert "the spec needs components" in caught.value.message


def test_renamed_roles_are_served_under_their_new_names() -> None:
    """Renaming a role-bearing schema, parameter or tag changes the generated names, nothing else."""
    text = json.dumps(spec())
    for old, new in [("EngagementResponse", "EnterpriseAnswer"), ('"enterprise"', '"owned"')]:
        text = text.replace(old, new)
    document = json.loads(text)
    document["tags"][1]["x-variant"] = "enterprise"
    document["components"]["x-metrics"] = spec()["components"]["x-metrics"]  # its keys name variants, not tags
    model = _model(document)
    assert model.roles.schema("enterprise-response") == "EnterpriseAnswer"
    assert {op.variant for op in model.operations} == {"v2", "enterprise", "analytics", "media"}
    assert {op.response_model for op in model.operations if op.variant == "enterprise"} == {"EnterpriseAnswer"}


def test_the_model_exposes_every_role() -> None:
    model = _model(spec())
    assert model.roles.schemas == {
        "insights-response": "InsightsResponse",
        "enterprise-response": "EngagementResponse",
        "problem": "Problem",
        "v2-error": "Error",
        "enterprise-error": "EnterpriseError",
        "analytics-response": "PostsAnalyticsResponse",
        "media-analytics-response": "MediaAnalyticsResponse",
    }
    assert model.roles.rate_limit_headers == {
        "rate-limit-limit": ("x-rate-limit-limit", "x-per-minute-limit"),
        "rate-limit-remaining": ("x-rate-limit-remaining", "x-per-minute-remaining"),
        "rate-limit-reset": ("x-rate-limit-reset",),
    }
    by_id = {op.operation_id: op for op in model.operations}
    assert (by_id["getInsights28hr"].batch_parameter, by_id["getInsights28hr"].metrics_parameter) == (
        "tweet_ids",
        "requested_metrics",
    )
    assert by_id["getInsights28hr"].fields_parameter == "engagement.fields"
    assert by_id["getEngagementTotals"].metrics_parameter == "engagement_types"
    assert by_id["getEngagementTotals"].fields_parameter is None
    assert by_id["getEngagement28hr"].rate_limit_headers == ("x-per-minute-limit", "x-per-minute-remaining")
    assert by_id["getInsightsHistorical"].granularity_parameter == "granularity"
    assert by_id["getEngagementHistorical"].granularity_parameter is None
    assert model.grouping_roles == {
        "post": "tweet.id",
        "type": "engagement.type",
        "day": "engagement.day",
        "hour": "engagement.hour",
    }


@pytest.mark.subprocess
def test_a_package_generated_from_renamed_roles_imports_and_decodes(tmp_path: Path) -> None:
    """Renaming EngagementResponse used to give a package that failed at import: the runtime now
    reaches every role through the generated `_spec`, never through a schema's name."""
    import subprocess
    import sys

    from generator.write import write_tree

    text = json.dumps(spec()).replace("EngagementResponse", "EnterpriseAnswer")
    path = tmp_path / "openapi.yaml"
    path.write_text(text)
    write_tree(tmp_path / "out", generate_files(path, hand_written_from=ROOT / "generated"))
    probe = (
        "import json, x_engagement as xe\n"
        "from x_engagement import _operations, _spec\n"
        "from x_engagement._call import Call, Settings\n"
        "from x_engagement._retry import RetryPolicy\n"
        "s = Settings(bearer=None, oauth1=xe.OAuth1('k', 's', 't', 'ts'), base_url='http://127.0.0.1:9',"
        " retry=RetryPolicy.disabled())\n"
        "call = Call(_operations.GET_ENGAGEMENT_TOTALS, {'tweet_ids': ['1'], 'engagement_types': ['favorites'],"
        " 'groupings': {'g': {'group_by': ['tweet.id']}}}, s)\n"
        "r = call.result(200, {'content-type': 'application/json'}, b'{\"g\": {\"1\": \"5\"}}')\n"
        "print(type(_spec.ENTERPRISE_RESPONSE).__name__, _spec.ENTERPRISE_RESPONSE.__name__, r.groupings, r.complete)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "out")},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["StructMeta", "EnterpriseAnswer", "{'g':", "{'1':", "5}}", "True"]


def test_a_model_schema_named_so_its_class_would_be_renamed_is_a_spec_error() -> None:
    """datamodel-code-generator would call `engagement_response` EngagementResponse and `_spec`
    would reach for a name that is not there: refused up front, with the pointer."""
    document = json.loads(json.dumps(spec()).replace('"EngagementResponse"', '"engagement_response"').replace(
        "/EngagementResponse", "/engagement_response"
    ))  # fmt: skip
    with pytest.raises(SpecError) as caught:
        _model(document)
    assert caught.value.pointer == "#/components/schemas/engagement_response"
    assert "PascalCase name" in caught.value.message


def test_a_granularity_value_without_its_bucket_meaning_is_a_spec_error() -> None:
    """Rows, fetch and the collector read what a granularity value counts from x-buckets: a value
    X adds must be given its meaning in the spec, or generation stops naming the place."""
    document = spec()
    document["components"]["schemas"]["Granularity"]["enum"].append("Minutely")
    with pytest.raises(SpecError) as caught:
        _model(document)
    assert "x-buckets must name exactly the enum's values" in caught.value.message
    assert caught.value.pointer.endswith("/schema")


def test_an_unknown_operation_role_is_a_spec_error() -> None:
    document = spec()
    document["paths"]["/2/insights/28hr"]["get"]["x-role"] = "latest"
    with pytest.raises(SpecError) as caught:
        _model(document)
    assert caught.value.pointer == "#/paths/~12~1insights~128hr/get/x-role"
