"""The spec as the mock and the suite need it: a thin adapter over the generator's one reading.

Operations, their bundled schemas and the roles of their inputs (batch, metrics, fields) and of
their headers come from `generator.model.build_model`, the same reading the generated package is
made from, so no constraint or name is typed or parsed here a second time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load import load_spec
from generator.model import ApiModel, build_model
from generator.model import Operation as ModelOperation
from generator.model import Parameter as ModelParameter
from generator.resolve import Resolver
from generator.roles import SpecRoles

ROOT = Path(__file__).resolve().parents[1]
PACKAGED_SPEC = Path(__file__).resolve().parent / "_spec" / "openapi.yaml"  # in the installed wheel
ANALYTICS_VARIANTS = ("analytics", "media")
V2_FORMAT = ("v2", *ANALYTICS_VARIANTS)  # variants whose errors are X's v2 problems
SPEC_PATH = PACKAGED_SPEC if PACKAGED_SPEC.exists() else ROOT / "spec" / "openapi.yaml"


@dataclass(frozen=True)
class Parameter:
    """A query parameter; `comma_joined` arrays travel as one comma-separated value."""

    name: str
    required: bool
    comma_joined: bool
    schema: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with self-contained (bundled) JSON Schemas."""

    operation_id: str
    method_name: str  # the generated client's method (getInsights28hr -> get_insights_28hr)
    method: str
    path: str
    variant: str  # the tag's x-variant: "v2", "enterprise", "analytics" or "media"
    servers: tuple[str, ...]
    security: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    body_schema: dict[str, Any] | None = field(repr=False)
    rules: tuple[dict[str, Any], ...] = field(repr=False)
    success_schema: dict[str, Any] = field(repr=False)
    success_headers: tuple[str, ...]
    error_schemas: dict[str, dict[str, Any]] = field(repr=False)  # media type -> schema
    batch_parameter: str  # x-role: batch (the post ids)
    metrics_parameter: str  # x-role: metrics (v2 requested_metrics, Enterprise engagement_types)
    fields_parameter: str | None  # x-role: fields (v2 engagement.fields); None where absent
    granularity_parameter: str | None  # x-role: granularity (v2 granularity); None where absent
    rate_limit_headers: tuple[str, ...]  # the rate-limit headers its 200 answer carries
    argument_names: dict[str, str] = field(repr=False)  # wire name -> the client method's keyword

    @property
    def is_v2(self) -> bool:
        """Whether it answers in X's v2 format (query parameters, RFC 7807 problems): insights and
        post and media analytics; the one way to ask which error format an operation has."""
        return self.variant in V2_FORMAT

    @property
    def is_analytics(self) -> bool:
        """Post or media analytics (X v2.167): `data` items with flat and bucketed counters."""
        return self.variant in ANALYTICS_VARIANTS

    @property
    def is_insights(self) -> bool:
        """v2 insights (/2/insights/...): the measurement-shaped v2 answers."""
        return self.variant == "v2"


@functools.cache
def document(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec with example files inlined; cached because every part of the suite reads it."""
    return load_spec(path)


def resolver(path: Path = SPEC_PATH) -> Resolver:
    return Resolver(document(path))


@functools.cache
def model(path: Path = SPEC_PATH) -> ApiModel:
    """The generator's reading of the spec: the one every part of the suite consumes."""
    return build_model(document(path))


def roles(path: Path = SPEC_PATH) -> SpecRoles:
    """Schema, variant and rate-limit header roles, as the spec names them."""
    return model(path).roles


def _adapt(op: ModelOperation) -> Operation:
    return Operation(
        operation_id=op.operation_id,
        method_name=op.method_name,
        method=op.http_method,
        path=op.path,
        variant=op.variant,
        servers=op.servers,
        security=op.security,
        parameters=tuple(
            Parameter(name=p.wire_name, required=p.required, comma_joined=p.comma_joined, schema=p.schema)
            for p in _in_spec_order(op)
            if p.location == "query"
        ),
        body_schema=op.body_schema,
        rules=op.rules,
        success_schema=op.success_schema,
        success_headers=op.success_headers,
        error_schemas=op.error_schemas,
        batch_parameter=op.batch_parameter,
        metrics_parameter=op.metrics_parameter,
        fields_parameter=op.fields_parameter,
        granularity_parameter=op.granularity_parameter,
        rate_limit_headers=op.rate_limit_headers,
        argument_names={p.wire_name: p.python_name for p in op.parameters},
    )


def _in_spec_order(op: ModelOperation) -> list[ModelParameter]:
    """The model orders parameters required-first for signatures; the wire keeps the spec's order."""
    return sorted(op.parameters, key=lambda p: p.spec_index)


@functools.cache
def operations(path: Path = SPEC_PATH) -> dict[str, Operation]:
    """Every operation by operationId, in spec order."""
    api = model(path)
    by_id = {op.operation_id: op for op in api.operations}
    return {operation_id: _adapt(by_id[operation_id]) for operation_id in api.spec_order}


def grouping(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec's `x-grouping`: the key schema of each level, the implied levels, the leaf."""
    found = model(path).grouping
    if found is None:
        raise LookupError(f"{path}: no schema carries x-grouping")
    return found


def level(role: str, path: Path = SPEC_PATH) -> str:
    """The grouping level with an x-grouping role: `post`, `type`, `day` or `hour` (`tweet.id`, ...)."""
    levels = model(path).grouping_roles
    if role not in levels:
        raise LookupError(f"{path}: x-grouping roles name no {role!r} level (it names {sorted(levels)})")
    return levels[role]


def nesting(group_by: Sequence[str]) -> tuple[str, ...]:
    """The levels a grouping nests by: its group_by with each implied level put directly above the
    level implying it (hours nest under a day), from the spec's `x-grouping.implied`."""
    implied: dict[str, str] = grouping().get("implied", {})
    levels: list[str] = []
    for item in group_by:
        above = implied.get(item)
        if above is not None and above not in group_by and above not in levels:
            levels.append(above)
        levels.append(item)
    return tuple(levels)


def all_fields(operation: Operation) -> list[str]:
    """Every value of the operation's fields parameter (X sends them all when it is left out);
    empty where the operation has none."""
    parameter = next((p for p in operation.parameters if p.name == operation.fields_parameter), None)
    if parameter is None:
        return []
    items = parameter.schema["items"]
    enum = items.get("enum") or parameter.schema["$defs"][items["$ref"].rsplit("/", 1)[1]]["enum"]
    return list(enum)


def schema_component(name: str, path: Path = SPEC_PATH) -> dict[str, Any]:
    """A bundled `#/components/schemas/<name>`."""
    return resolver(path).bundle({"$ref": f"#/components/schemas/{name}"})
