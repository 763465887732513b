"""Response bodies against the spec: jsonschema-rs screens (milliseconds), jsonschema explains.

jsonschema (Draft 2020-12, format checks on) is the reference and the source of error messages;
it takes ~0.5-1 s on the largest response, so it only runs when the fast validator finds a problem
(or when the two disagree, which is itself reported).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import jsonschema_rs

from contracts.spec import Operation

_FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


class BodyValidator:
    """One compiled schema, two validators."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        self.reference = jsonschema.Draft202012Validator(schema, format_checker=_FORMATS)

    def problems(self, instance: Any, limit: int = 3) -> list[str]:
        """Why `instance` breaks the schema, by jsonschema's messages; [] when it conforms."""
        if self.fast.is_valid(instance):
            return []
        found = []
        for error in self.reference.iter_errors(instance):
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            found.append(f"at {where}: {error.message[:300]}")
            if len(found) >= limit:
                break
        return found or ["jsonschema-rs rejects the body but jsonschema accepts it (validators disagree)"]


@functools.lru_cache(maxsize=64)
def _validator(schema_text: str) -> BodyValidator:
    return BodyValidator(json.loads(schema_text))


def validator_for(schema: dict[str, Any]) -> BodyValidator:
    return _validator(json.dumps(schema, sort_keys=True))


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def response_problems(
    operation: Operation, status: int, content_type: str, body: bytes, parsed: Callable[[], Any] | None = None
) -> list[str]:
    """Problems of a response body against the schema the spec gives for its status and media type.

    `parsed`, when given, returns the body already parsed (raising ValueError when it is not JSON),
    so callers that parse once do not pay for a second parse here.
    """
    media = media_type(content_type)
    if status == 200:
        schemas = {"application/json": operation.success_schema}
    else:
        schemas = operation.error_schemas
    schema = schemas.get(media)
    if schema is None:
        return [f"HTTP {status}: media type {media or '(none)'!r} is not one the spec lists ({', '.join(schemas)})"]
    try:
        instance = parsed() if parsed is not None else json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"HTTP {status}: the body is not JSON ({exc})"]
    return [f"HTTP {status}: {p}" for p in validator_for(schema).problems(instance)]
