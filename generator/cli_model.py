"""The command line's view of the model: one subcommand per operation, one option per parameter.

Decided here, from the spec's parameter schemas, so the `_cli_operations.py` template only lays
out data: option names, how a value is read (a list, a text, a JSON object), enum choices, help
text from the descriptions, and the pattern each post id must match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.model import ApiModel, Operation, Parameter, snake_case

LIST = "list"  # comma-separated, or the option repeated
TEXT = "text"  # one value as typed (enum choices are checked by argparse)
JSON = "json"  # an object, given as JSON text


@dataclass(frozen=True)
class CliOption:
    flag: str  # `--requested-metrics`
    dest: str  # the client method's keyword, `requested_metrics`
    wire: str  # the name on the wire and in the spec, `engagement.fields`
    kind: str  # LIST, TEXT or JSON
    required: bool
    choices: tuple[str, ...]
    help: str
    example: str | None
    default: str | None  # the schema's `default`, as typed on the command line


@dataclass(frozen=True)
class CliCommand:
    name: str  # `get-insights-28hr`
    method_name: str
    constant: str  # the operation's name in the generated _spec
    summary: str
    variant: str
    batch_parameter: str
    batch_size: int
    id_pattern: str | None  # the regular expression each post id must match, from the spec
    id_help: str
    metrics_parameter: str  # the option naming the metrics (v2 requested_metrics, Enterprise engagement_types)
    fields_parameter: str | None
    grouping_parameter: str | None
    options: tuple[CliOption, ...]


def cli_commands(api: ApiModel) -> list[CliCommand]:
    """Every operation as a subcommand, in the spec's order (as a reader of the spec meets them)."""
    order = {operation_id: index for index, operation_id in enumerate(api.spec_order)}
    return [_command(op) for op in sorted(api.operations, key=lambda op: order[op.operation_id])]


def _command(op: Operation) -> CliCommand:
    ids_schema = _schema_of(op, _parameter(op, op.batch_parameter))
    item = _resolve(ids_schema, ids_schema.get("items", {}))
    options = tuple(_option(op, p) for p in sorted(op.parameters, key=lambda p: p.spec_index))
    return CliCommand(
        name=op.method_name.replace("_", "-"),
        method_name=op.method_name,
        constant=op.method_name.upper(),
        summary=op.summary if op.deprecation is None else f"{op.summary} DEPRECATED: {op.deprecation}.",
        variant=op.variant,
        batch_parameter=op.batch_parameter,
        batch_size=op.batch_size,
        id_pattern=item.get("pattern"),
        id_help=_one_line(item.get("description", "") or _parameter(op, op.batch_parameter).description),
        metrics_parameter=snake_case(op.metrics_parameter),
        fields_parameter=None if op.fields_parameter is None else snake_case(op.fields_parameter),
        grouping_parameter=None if op.grouping_parameter is None else snake_case(op.grouping_parameter),
        options=tuple(option for option in options if option.dest != op.batch_parameter),
    )


def _parameter(op: Operation, wire_name: str) -> Parameter:
    return next(p for p in op.parameters if p.wire_name == wire_name)


def _schema_of(op: Operation, param: Parameter) -> dict[str, Any]:
    """The parameter's schema with `$ref`s resolvable against its own `$defs` (query) or the body's."""
    root = param.schema if param.location == "query" else op.input_schema
    schema = param.schema if param.location == "query" else _resolve(root, root)["properties"][param.wire_name]
    return {**_resolve(root, schema), "$defs": root.get("$defs", {})}


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow local `#/$defs/...` references (bundled schemas have no others) to the schema itself."""
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k not in ("$ref", "$defs")}}
    return schema


def _option(op: Operation, param: Parameter) -> CliOption:
    schema = _schema_of(op, param)
    kind = schema.get("type")
    if kind == "array":
        item = _resolve(schema, schema.get("items", {}))
        choices = tuple(str(value) for value in item.get("enum", ()))
        form = LIST
        schema = {"description": item.get("description", ""), **schema}
    elif kind == "object":
        choices, form = (), JSON
    else:
        choices, form = tuple(str(value) for value in schema.get("enum", ())), TEXT
    description = _one_line(param.description or schema.get("description", ""))
    example = schema.get("example")
    return CliOption(
        flag="--" + param.python_name.replace("_", "-"),
        dest=param.python_name,
        wire=param.wire_name,
        kind=form,
        required=param.required,
        choices=choices,
        help=description or "(not described in the spec)",
        example=None if example is None else _example(example, form),
        default=None if "default" not in schema else _example(schema["default"], form),
    )


def _example(value: Any, form: str) -> str:
    if form == LIST and isinstance(value, list):
        return ",".join(str(v) for v in value)
    if form == JSON:
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())
