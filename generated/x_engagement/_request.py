"""From keyword arguments to a validated wire instance and an httpx.Request, before any I/O."""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import UTC, date, datetime
from typing import Any

import httpx
import jsonschema_rs
import msgspec

from x_engagement import _hints, _rules
from x_engagement._errors import InvalidRequest
from x_engagement._operation import OperationSpec
from x_engagement._version import VERSION

USER_AGENT = f"x-engagement/{VERSION}"


def validator(op: OperationSpec) -> Any:
    """The operation's input schema, compiled once per operation on first use (not at import)."""
    compiled = _VALIDATORS.get(op.operation_id)
    if compiled is None:
        compiled = jsonschema_rs.Draft202012Validator(dict(op.input_schema), validate_formats=True)
        _VALIDATORS[op.operation_id] = compiled
    return compiled


_VALIDATORS: dict[str, Any] = {}


def to_wire(value: Any, where: str, problems: list[str]) -> Any:
    """Python values to their JSON form; problems (naive datetimes, odd types) go to `problems`."""
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            problems.append(
                f"{where}: naive datetime {value.isoformat()!r}; pass a timezone-aware datetime"
            )
            return value.isoformat()
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_wire(v, f"{where}[{k!r}]", problems) for k, v in value.items()}
    if isinstance(value, Set):
        return sorted(to_wire(v, where, problems) for v in value)
    if isinstance(value, list | tuple):
        return [to_wire(v, f"{where}[{i}]", problems) for i, v in enumerate(value)]
    problems.append(f"{where}: unsupported value of type {type(value).__name__}")
    return repr(value)


def _location(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(arguments)"


def _hint(schema: Mapping[str, Any], schema_path: list[str | int]) -> str:
    """The description of the deepest schema node on the failing path, to say *which* rule broke."""
    node: Any = schema
    found = ""
    for part in schema_path:
        if part == "$ref" and isinstance(node, Mapping):
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
            continue
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and isinstance(node.get("description"), str):
            found = node["description"]
    return found


def _message(op: OperationSpec, error: Any) -> str:
    """One line for a schema error: what to type instead where we can tell, long values summarised."""
    path = list(error.instance_path)
    location = _location(path)
    last = error.schema_path[-1] if error.schema_path else None
    if last == "enum":
        better = _hints.enum_message(location, error.instance, error.kind.options, op.variant)
        if better is not None:
            return better
    if last == "maxItems" and path == [op.batch_parameter] and isinstance(error.instance, list):
        return (
            f"{location}: {len(error.instance)} ids, but one request takes at most "
            f"{error.kind.limit}; the same method on client.batch (or `x-engagement fetch`) "
            f"splits any number of ids into requests of {error.kind.limit}"
        )
    message = f"{location}: {_hints.shorten_echo(error.message, error.instance)}"
    if last in ("anyOf", "not", "oneOf"):
        hint = _hint(op.input_schema, list(error.schema_path))
        message += f" ({hint})" if hint else ""
    return message


def validate(
    op: OperationSpec, arguments: Mapping[str, Any], now: datetime | None = None
) -> dict[str, Any]:
    """The wire instance for `arguments` (keyed by wire name), or InvalidRequest listing every problem."""
    problems: list[str] = []
    instance = {
        name: to_wire(value, name, problems)
        for name, value in arguments.items()
        if value is not None
    }
    for error in validator(op).iter_errors(instance):
        problems.append(_message(op, error))
    problems.extend(_rules.check(op.rules, instance, now))
    if problems:
        raise InvalidRequest(op.operation_id, problems)
    return instance


def build_request(
    op: OperationSpec, instance: Mapping[str, Any], base_url: str | None
) -> httpx.Request:
    """The request for a validated instance: arrays comma-joined in the query, or a JSON body."""
    url = (base_url or op.servers[0]).rstrip("/") + op.path
    headers = {"Accept": "application/json", "Accept-Encoding": "gzip", "User-Agent": USER_AGENT}
    params = [
        (name, ",".join(instance[name]) if isinstance(instance[name], list) else instance[name])
        for name in op.query
        if name in instance
    ]
    content = None
    if op.body:
        headers["Content-Type"] = "application/json"
        content = msgspec.json.encode(
            {name: instance[name] for name in op.body if name in instance}
        )
    return httpx.Request(op.http_method, url, params=params, headers=headers, content=content)
