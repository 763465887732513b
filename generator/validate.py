"""Checks the spec before anything is generated: OpenAPI validity plus the project's own rules."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.errors import SpecError, pointer_join
from generator.resolve import Resolver
from generator.roles import (
    SpecRoles,
    grouping_roles,
    operation_roles,
    operation_variant,
    operations,
    read_roles,
)

RULES_MODULE = Path(__file__).resolve().parent.parent / "generated" / "x_engagement" / "_rules.py"


@functools.cache
def openapi_validator() -> Any:
    """The official OAS 3.1 schema (shipped in openapi-spec-validator's data) compiled by jsonschema-rs.

    Importing openapi-spec-validator itself costs ~0.4 s, a third of a cold run; the tests still
    run its full validation on the spec (tests/spec/test_spec.py).
    """
    found = importlib.util.find_spec("openapi_spec_validator")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("openapi-spec-validator is not installed; it ships the OAS 3.1 schema")
    path = Path(next(iter(found.submodule_search_locations))) / "resources" / "schemas" / "v3.1" / "schema.json"
    return jsonschema_rs.validator_for(json.loads(path.read_text(encoding="utf-8")))


@functools.cache
def known_rules() -> frozenset[str]:
    """The rule names the runtime implements, imported from its source (one source, plain Python).

    Imported from its file under a private name: the runtime's rules module needs only the
    standard library, and must not shadow an installed `x_engagement`.
    """
    found = importlib.util.spec_from_file_location("generator._runtime_rules", RULES_MODULE)
    if found is None or found.loader is None:
        raise RuntimeError(f"cannot import the runtime's rules from {RULES_MODULE}")
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return frozenset(module.CHECKERS)


_OPERATION_ID = re.compile(r"^[a-z][A-Za-z0-9]*$")


def validate_spec(spec: dict[str, Any]) -> None:
    """Raise SpecError naming the JSON pointer of the first problem found."""
    if spec.get("openapi", "").rpartition(".")[0] != "3.1":
        raise SpecError("#/openapi", f"expected an OpenAPI 3.1.x document, got {spec.get('openapi')!r}")
    errors = sorted(openapi_validator().iter_errors(spec), key=lambda e: len(e.instance_path))
    if errors:
        deepest = max(errors, key=lambda e: len(e.instance_path))
        raise SpecError(pointer_join("#", *deepest.instance_path), f"not valid OpenAPI 3.1: {deepest.message}")
    resolver = Resolver(spec)
    roles = read_roles(spec)
    seen: dict[str, str] = {}
    for pointer, _, _, operation in operations(spec):
        _check_operation(resolver, roles, operation, pointer, seen)
    _check_grouping(spec)
    for pointer, schema, example in _examples(spec):
        _check_example(resolver, pointer, schema, example)


def _check_operation(
    resolver: Resolver, roles: SpecRoles, operation: dict[str, Any], pointer: str, seen: dict[str, str]
) -> None:
    operation_id = operation.get("operationId")
    if not isinstance(operation_id, str) or not _OPERATION_ID.match(operation_id):
        raise SpecError(pointer, f"operationId must be lowerCamelCase, got {operation_id!r}")
    if operation_id in seen:
        raise SpecError(pointer, f"operationId {operation_id!r} is also used at {seen[operation_id]}")
    seen[operation_id] = pointer
    if not operation.get("servers"):
        raise SpecError(pointer, "every operation needs its own servers")
    if not operation.get("security"):
        raise SpecError(pointer, "every operation needs a security requirement")
    operation_variant(roles, operation, pointer)
    operation_roles(resolver, operation, pointer)
    for index, rule in enumerate(operation.get("x-rules", [])):
        if rule.get("rule") not in known_rules():
            raise SpecError(
                pointer_join(pointer, "x-rules", index),
                f"unknown rule {rule.get('rule')!r}; known: {sorted(known_rules())}",
            )


def _examples(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    """Every (pointer, schema, example value) pair in the spec."""
    found: list[tuple[str, dict[str, Any], Any]] = []

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            schema = node.get("schema")
            if isinstance(schema, dict) and isinstance(node.get("examples"), dict):
                for name, example in node["examples"].items():
                    if "value" not in example:
                        raise SpecError(pointer_join(pointer, "examples", name), "an example needs a value")
                    found.append((pointer_join(pointer, "examples", name), schema, example["value"]))
            for key, value in node.items():
                walk(value, pointer_join(pointer, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, pointer_join(pointer, index))

    walk(spec, "#")
    return found


def _check_example(resolver: Resolver, pointer: str, schema: dict[str, Any], example: Any) -> None:
    validator = jsonschema_rs.Draft202012Validator(resolver.bundle(schema), validate_formats=True)
    errors = list(validator.iter_errors(example))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.instance_path)
        raise SpecError(pointer, f"example does not match its schema at /{where}: {first.message}")


# The runtime decodes grouping leaves to int in msgspec's lax mode; that is faithful only to this leaf.
SUPPORTED_LEAF = [{"type": "string", "pattern": "^[0-9]+$"}, {"type": "integer", "minimum": 0}]


def _check_grouping(spec: dict[str, Any]) -> None:
    schemas = spec.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        grouping = schema.get("x-grouping")
        if grouping is None:
            continue
        pointer = pointer_join("#/components/schemas", name, "x-grouping")
        for field in ("parameter", "keys", "implied", "leaf"):
            if field not in grouping:
                raise SpecError(pointer, f"x-grouping needs {field!r}")
        for level, target in [*grouping["keys"].items(), ("leaf", grouping["leaf"])]:
            if target not in schemas:
                raise SpecError(pointer_join(pointer, level), f"no schema named {target!r}")
        grouping_roles(grouping, pointer)
        leaf = schemas[grouping["leaf"]]
        if [{k: v for k, v in sub.items() if k != "description"} for sub in leaf.get("anyOf", [])] != SUPPORTED_LEAF:
            raise SpecError(
                pointer_join("#/components/schemas", grouping["leaf"]),
                f"a grouping leaf must be anyOf {SUPPORTED_LEAF} (decoded to int); got {leaf}",
            )
