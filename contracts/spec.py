"""The spec as the mock and the suite need it: operations, their input schemas, rules and responses.

Everything is read from spec/openapi.yaml through the generator's loader and resolver, so no
constraint is typed here by hand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load import load_spec
from generator.resolve import Resolver

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "spec" / "openapi.yaml"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


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
    method: str
    path: str
    variant: str  # the first tag: "v2" or "enterprise"
    security: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    body_schema: dict[str, Any] | None = field(repr=False)
    rules: tuple[dict[str, Any], ...] = field(repr=False)
    success_schema: dict[str, Any] = field(repr=False)
    success_headers: tuple[str, ...]
    error_schemas: dict[str, dict[str, Any]] = field(repr=False)  # media type -> schema


@functools.cache
def document(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec with example files inlined; cached because every part of the suite reads it."""
    return load_spec(path)


def resolver(path: Path = SPEC_PATH) -> Resolver:
    return Resolver(document(path))


def _media_schemas(resolver_: Resolver, response: dict[str, Any]) -> dict[str, dict[str, Any]]:
    response = resolver_.deref(response)
    return {
        media: resolver_.bundle(content["schema"])
        for media, content in response.get("content", {}).items()
    }


def _operation(resolver_: Resolver, method: str, path: str, op: dict[str, Any]) -> Operation:
    parameters = []
    for raw in op.get("parameters", []):
        param = resolver_.deref(raw)
        schema = resolver_.bundle(param["schema"])
        is_array = resolver_.deref(param["schema"]).get("type") == "array"
        parameters.append(
            Parameter(
                name=param["name"],
                required=bool(param.get("required")),
                comma_joined=is_array and param.get("explode") is False,
                schema=schema,
            )
        )
    body = op.get("requestBody")
    body_schema = None
    if body is not None:
        body_schema = resolver_.bundle(resolver_.deref(body)["content"]["application/json"]["schema"])
    success = resolver_.deref(op["responses"]["200"])
    return Operation(
        operation_id=op["operationId"],
        method=method.upper(),
        path=path,
        variant=op["tags"][0],
        security=tuple(name for requirement in op.get("security", []) for name in requirement),
        parameters=tuple(parameters),
        body_schema=body_schema,
        rules=tuple(op.get("x-rules", [])),
        success_schema=_media_schemas(resolver_, success)["application/json"],
        success_headers=tuple(success.get("headers", {})),
        error_schemas=_media_schemas(resolver_, op["responses"]["default"]),
    )


@functools.cache
def operations(path: Path = SPEC_PATH) -> dict[str, Operation]:
    """Every operation by operationId, in spec order."""
    resolver_ = resolver(path)
    return {
        op["operationId"]: _operation(resolver_, method, route, op)
        for route, item in document(path)["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }


def schema_component(name: str, path: Path = SPEC_PATH) -> dict[str, Any]:
    """A bundled `#/components/schemas/<name>`."""
    return resolver(path).bundle({"$ref": f"#/components/schemas/{name}"})
