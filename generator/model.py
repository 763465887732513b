"""The intermediate model: operations, parameters and rules, decided once so templates only lay out."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from generator.crosswalk import MetricPairing, metric_enums, read_crosswalk
from generator.errors import SpecError, pointer_join
from generator.resolve import Resolver
from generator.roles import (
    COMPONENT,
    HTTP_METHODS,
    RESPONSE_ROLE,
    SpecRoles,
    buckets,
    components,
    grouping_roles,
    operation_role,
    operation_roles,
    operation_variant,
    operations,
    read_roles,
)


@dataclass(frozen=True)
class TypedDictField:
    name: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class TypedDictModel:
    """A request-side object schema, offered to users as a TypedDict."""

    name: str
    description: str
    fields: tuple[TypedDictField, ...]


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    python_name: str
    location: str  # "query" or "body"
    required: bool
    annotation: str
    description: str
    # arrays travel as one comma-separated query value (the only array style the generator accepts)
    comma_joined: bool = False
    schema: dict[str, Any] = field(default_factory=dict, repr=False)  # bundled, self-contained
    spec_index: int = 0  # position in the spec; `parameters` is ordered required-first for signatures


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str
    http_method: str
    path: str
    servers: tuple[str, ...]
    variant: str  # "v2", "enterprise", "analytics" or "media" (tag x-variant)
    summary: str
    security: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    input_schema: dict[str, Any]
    rules: tuple[dict[str, Any], ...]
    response_model: str
    result_type: str
    grouping_parameter: str | None
    batch_parameter: str
    batch_size: int
    metrics_parameter: str  # v2 `requested_metrics`, Enterprise `engagement_types`
    fields_parameter: str | None  # v2 `engagement.fields`; None where the operation has none
    granularity_parameter: str | None  # v2 `granularity` (x-role); None where the operation has none
    role: str | None  # the operation's x-role: `recent` (the variant's rolling 28-hour window) or None
    buckets: dict[str, str]  # granularity value on the wire -> bucket (x-buckets); empty without one
    structural: tuple[str, ...]  # metrics-parameter values that are fields, not counters (x-structural)
    rate_limit_headers: tuple[str, ...]  # the rate-limit header names its 200 response carries
    # Bundled (self-contained) JSON Schemas, for the mock and the contract suite.
    body_schema: dict[str, Any] | None = field(repr=False)
    success_schema: dict[str, Any] = field(repr=False)
    success_headers: tuple[str, ...]
    error_schemas: dict[str, dict[str, Any]] = field(repr=False)  # media type -> schema
    # Why the operation is deprecated (`deprecated: true`, with x-removed-upstream's note); None if not.
    deprecation: str | None = None


@dataclass(frozen=True)
class ApiModel:
    title: str
    version: str
    operations: tuple[Operation, ...]
    typed_dicts: tuple[TypedDictModel, ...]
    grouping: dict[str, Any] | None
    grouping_roles: dict[str, str]  # level by role (post, type, day, hour); empty without x-grouping
    problem_types: tuple[str, ...]
    model_schemas: dict[str, Any]
    roles: SpecRoles
    spec_order: tuple[str, ...]  # operationIds in the order the spec lists them
    metrics: tuple[MetricPairing, ...] = ()  # the metric crosswalk (#/components/x-metrics)


def snake_case(name: str) -> str:
    """`getInsights28hr` -> `get_insights_28hr`; `engagement.fields` -> `engagement_fields`."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Z])", "_", name)
    name = re.sub(r"(?<=[0-9])_(?=[a-z])", "", name).lower().strip("_")
    return name + "_" if keyword.iskeyword(name) else name


def build_model(spec: dict[str, Any]) -> ApiModel:
    resolver = Resolver(spec)
    roles = read_roles(spec)
    typed_dicts: dict[str, TypedDictModel] = {}
    found = [
        _operation(resolver, roles, path, method, op, pointer, typed_dicts)
        for pointer, path, method, op in operations(spec)
    ]
    schemas = components(spec, "schemas")
    grouping = next((s["x-grouping"] for s in schemas.values() if "x-grouping" in s), None)
    return ApiModel(
        title=spec["info"]["title"],
        version=spec["info"]["version"],
        operations=tuple(sorted(found, key=lambda op: op.method_name)),
        typed_dicts=tuple(sorted(typed_dicts.values(), key=lambda t: t.name)),
        grouping=grouping,
        grouping_roles=grouping_roles(grouping, "#/components/schemas") if grouping else {},
        problem_types=tuple(schemas[roles.schema("problem")].get("x-problem-types", [])),
        model_schemas=_model_schemas(spec, resolver, found),
        roles=roles,
        spec_order=tuple(op.operation_id for op in found),
        metrics=read_crosswalk(spec, metric_enums(found)),
    )


def _operation(
    resolver: Resolver,
    roles: SpecRoles,
    path: str,
    method: str,
    op: dict[str, Any],
    pointer: str,
    typed_dicts: dict[str, TypedDictModel],
) -> Operation:
    parameters: list[Parameter] = []
    properties: dict[str, Any] = {}
    required: list[str] = []
    for index, raw in enumerate(op.get("parameters", [])):
        param = resolver.deref(raw)
        where = pointer_join(pointer, "parameters", index)
        if param["in"] != "query":
            raise SpecError(where, f"parameters in {param['in']!r} are not supported (only query)")
        schema = param["schema"]
        if resolver.deref(schema).get("type") == "array" and (
            param.get("style", "form") != "form" or param.get("explode", True)
        ):
            raise SpecError(where, "array query parameters must be style: form, explode: false")
        parameters.append(
            Parameter(
                wire_name=param["name"],
                python_name=snake_case(param["name"]),
                location="query",
                required=bool(param.get("required")),
                annotation=_annotation(resolver, schema, where, typed_dicts),
                description=param.get("description", ""),
                comma_joined=resolver.deref(schema).get("type") == "array",
                schema=resolver.bundle(schema),
                spec_index=index,
            )
        )
        properties[param["name"]] = schema
        if param.get("required"):
            required.append(param["name"])
    if "requestBody" in op:
        content = op["requestBody"]["content"]
        if list(content) != ["application/json"]:
            raise SpecError(pointer_join(pointer, "requestBody"), "only application/json bodies are supported")
        body_schema = content["application/json"]["schema"]
        body = resolver.deref(body_schema)
        for name, prop in body["properties"].items():
            where = pointer_join(pointer, "requestBody", name)
            parameters.append(
                Parameter(
                    wire_name=name,
                    python_name=snake_case(name),
                    location="body",
                    required=name in body.get("required", []),
                    annotation=_annotation(resolver, prop, where, typed_dicts),
                    description=resolver.deref(prop).get("description", ""),
                    spec_index=len(parameters),
                )
            )
        input_schema = resolver.bundle(body_schema)
        bundled_body: dict[str, Any] | None = input_schema
    else:
        bundled_body = None
        input_schema = resolver.bundle(
            {"type": "object", "additionalProperties": False, "required": required, "properties": properties}
        )
    # Required first so the keyword order in signatures reads naturally; stable otherwise.
    parameters.sort(key=lambda p: not p.required)
    response_ref = op["responses"]["200"]
    response = resolver.deref(response_ref)
    schema_ref = response["content"]["application/json"]["schema"]["$ref"]
    response_model = schema_ref.removeprefix(COMPONENT)
    variant = operation_variant(roles, op, pointer)
    expected = roles.schemas.get(RESPONSE_ROLE[variant], "")
    if response_model != expected:
        raise SpecError(
            pointer_join(pointer, "responses", "200"),
            f"a {variant} operation answers with the schema whose x-role names it ({expected!r}), not {response_model!r}",
        )
    grouped = "x-grouping" in resolver.lookup(schema_ref)
    grouping_parameter = resolver.lookup(schema_ref)["x-grouping"]["parameter"] if grouped else None
    if grouped and not any(p.wire_name == grouping_parameter for p in parameters):
        raise SpecError(pointer, f"a grouped response needs a {grouping_parameter!r} body property")
    marked = operation_roles(resolver, op, pointer)
    batch = marked.batch
    ids_schema = resolver.deref(properties.get(batch) or resolver.deref(body_schema)["properties"][batch])
    if "maxItems" not in ids_schema:
        raise SpecError(pointer, f"the batch parameter {batch!r} needs maxItems (the batch size)")
    servers = tuple(server["url"] for server in op["servers"])
    return Operation(
        operation_id=op["operationId"],
        method_name=snake_case(op["operationId"]),
        http_method=method.upper(),
        path=path,
        servers=servers,
        variant=variant,
        summary=op.get("summary", ""),
        security=tuple(name for requirement in op["security"] for name in requirement),
        parameters=tuple(parameters),
        input_schema=input_schema,
        rules=tuple(op.get("x-rules", [])),
        response_model=response_model,
        result_type=RESULT_TYPE[variant],
        grouping_parameter=grouping_parameter,
        batch_parameter=batch,
        batch_size=int(ids_schema["maxItems"]),
        metrics_parameter=marked.metrics,
        fields_parameter=marked.fields,
        granularity_parameter=marked.granularity,
        role=operation_role(op, pointer),
        buckets=_buckets(resolver, op, marked.granularity, pointer),
        structural=_structural(resolver, op, marked.metrics),
        body_schema=bundled_body,
        success_schema=resolver.bundle(response["content"]["application/json"]["schema"]),
        success_headers=tuple(response.get("headers", {})),
        error_schemas=_media_schemas(resolver, op["responses"].get("default", {})),
        rate_limit_headers=tuple(
            name.lower()
            for name in response.get("headers", {})
            if any(name.lower() in names for names in roles.rate_limit_headers.values())
        ),
        deprecation=_deprecation(op, pointer),
    )


RESULT_TYPE = {
    "v2": "InsightsResult",
    "enterprise": "EngagementResult",
    "analytics": "AnalyticsResult",
    "media": "AnalyticsResult",
}


def _deprecation(op: dict[str, Any], pointer: str) -> str | None:
    """`deprecated: true` needs x-removed-upstream saying when and where it left X's document."""
    if not op.get("deprecated"):
        return None
    removed = op.get("x-removed-upstream")
    where = pointer_join(pointer, "x-removed-upstream")
    if not isinstance(removed, dict) or not all(k in removed for k in ("document", "version", "date")):
        raise SpecError(where, "a deprecated operation needs x-removed-upstream with document, version and date")
    return (
        f"{op['operationId']} is deprecated: absent from X's published v2 document since "
        f"v{removed['version']} ({removed['date']}, {removed['document']}); it still works for apps with access"
    )


def _buckets(resolver: Resolver, op: dict[str, Any], granularity: str | None, pointer: str) -> dict[str, str]:
    if granularity is None:
        return {}
    for index, raw in enumerate(op.get("parameters", [])):
        param = resolver.deref(raw)
        if param["name"] == granularity:
            return buckets(resolver, param["schema"], pointer_join(pointer, "parameters", index, "schema"))
    body = resolver.deref(op["requestBody"]["content"]["application/json"]["schema"])
    return buckets(resolver, body["properties"][granularity], pointer_join(pointer, "requestBody", granularity))


def _structural(resolver: Resolver, op: dict[str, Any], metrics: str) -> tuple[str, ...]:
    for raw in op.get("parameters", []):
        param = resolver.deref(raw)
        if param["name"] == metrics:
            schema = resolver.deref(param["schema"])
            items = resolver.deref(schema.get("items", {})) if schema.get("type") == "array" else schema
            return tuple(str(name) for name in items.get("x-structural", []))
    return ()


def _media_schemas(resolver: Resolver, response: dict[str, Any]) -> dict[str, dict[str, Any]]:
    response = resolver.deref(response)
    return {media: resolver.bundle(content["schema"]) for media, content in response.get("content", {}).items()}


def _annotation(
    resolver: Resolver, schema: dict[str, Any], pointer: str, typed_dicts: dict[str, TypedDictModel]
) -> str:
    """The Python type a user passes for `schema`."""
    if "$ref" in schema:
        name: str = schema["$ref"].removeprefix(COMPONENT)
        target = resolver.lookup(schema["$ref"])
        if "enum" in target:
            return f"models.{name}"
        if target.get("type") == "object" and "properties" in target:
            _typed_dict(resolver, name, target, pointer, typed_dicts)
            return name
        return _annotation(resolver, target, pointer, typed_dicts)
    kind = schema.get("type")
    if "enum" in schema:
        return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    if kind == "array":
        return f"Sequence[{_annotation(resolver, schema['items'], pointer, typed_dicts)}]"
    if kind == "string":
        if schema.get("format") == "date-time":
            return "datetime | str"
        if {sub.get("format") for sub in schema.get("anyOf", [])} == {"date", "date-time"}:
            return "datetime | date | str"
        return "str"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"Mapping[str, {_annotation(resolver, schema['additionalProperties'], pointer, typed_dicts)}]"
    if kind == "integer":
        return "int"
    raise SpecError(pointer, f"cannot map this schema to a Python parameter type: {schema}")


def _typed_dict(
    resolver: Resolver, name: str, schema: dict[str, Any], pointer: str, typed_dicts: dict[str, TypedDictModel]
) -> None:
    if name in typed_dicts:
        return
    required = set(schema.get("required", []))
    fields = tuple(
        TypedDictField(prop, _annotation(resolver, sub, pointer, typed_dicts), prop in required)
        for prop, sub in schema["properties"].items()
    )
    typed_dicts[name] = TypedDictModel(name, schema.get("description", ""), fields)


# Keywords whose meaning a msgspec model keeps; anything else in a response schema is an error,
# so a construct is never dropped silently.
_MODEL_KEYWORDS = frozenset(
    {
        "type", "properties", "required", "items", "$ref", "enum", "pattern", "minItems", "maxItems",
        "minLength", "maxLength", "minimum", "maximum", "format", "description", "example", "title",
        "anyOf", "additionalProperties", "x-problem-types", "x-grouping", "x-role", "x-buckets", "default",
    }
)  # fmt: skip


# datamodel-code-generator keeps a schema's name as the class name only when it is already one.
_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def _model_schemas(spec: dict[str, Any], resolver: Resolver, operations: list[Operation]) -> dict[str, Any]:
    """The components that become msgspec models: every response schema and every enum."""
    schemas = components(spec, "schemas")
    wanted: set[str] = {name for name, schema in schemas.items() if "enum" in schema}
    roots: list[str] = [op.response_model for op in operations]
    for schema in schemas.values():
        grouping = schema.get("x-grouping", {})
        roots.extend(grouping.get("keys", {}).values())
        roots.extend([grouping["leaf"]] if "leaf" in grouping else [])
    for item in spec["paths"].values():
        for method in HTTP_METHODS:
            for response in item.get(method, {}).get("responses", {}).values():
                for media in resolver.deref(response).get("content", {}).values():
                    roots.append(media["schema"]["$ref"].removeprefix(COMPONENT))
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in wanted and name not in roots:
            continue
        wanted.add(name)
        schema = schemas[name]
        for ref in _refs(schema, skip_grouped=True):
            if ref not in wanted:
                stack.append(ref)
    selected: dict[str, Any] = {}
    for name in sorted(wanted):
        schema = dict(schemas[name])
        schema.pop("x-role", None)  # read by roles; not a model constraint
        schema.pop("x-structural", None)  # read by the crosswalk
        pointer = COMPONENT + name
        if not _MODEL_NAME.match(name):
            raise SpecError(
                pointer,
                f"a schema that becomes a model needs a PascalCase name (the class keeps it), got {name!r}",
            )
        if "x-grouping" in schema:
            # The dynamic part is decoded by the runtime from the request's group_by.
            schema.pop("additionalProperties", None)
        _check_model_schema(schema, pointer)
        selected[name] = schema
    return selected


def _refs(node: Any, skip_grouped: bool) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if skip_grouped and "x-grouping" in node and key == "additionalProperties":
                continue
            if key == "$ref" and isinstance(value, str):
                found.append(value.removeprefix(COMPONENT))
            else:
                found.extend(_refs(value, skip_grouped))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value, skip_grouped))
    return found


def _check_model_schema(schema: Any, pointer: str) -> None:
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key not in _MODEL_KEYWORDS:
            raise SpecError(pointer_join(pointer, key), f"keyword {key!r} is not supported in a response model")
        if key == "additionalProperties" and "properties" in schema:
            raise SpecError(
                pointer_join(pointer, key),
                "an object with both properties and additionalProperties cannot be a model "
                "(mark it with x-grouping if it is a grouped response)",
            )
        if key == "properties":
            for prop, sub in value.items():
                _check_model_schema(sub, pointer_join(pointer, key, prop))
        elif key in ("items", "additionalProperties"):
            _check_model_schema(value, pointer_join(pointer, key))
        elif key == "anyOf":
            for index, sub in enumerate(value):
                _check_model_schema(sub, pointer_join(pointer, key, index))
