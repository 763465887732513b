"""The shapes the generated `_cli_operations` module fills in: plain data, cheap to import.

Spec-derived data, the lowest layer: the command line, the collector and the 28-hour question
(`_window`) read the operations' parameters from here, and `x-engagement --help` builds every
subcommand from these without importing the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LIST = "list"  # comma-separated, or the option repeated
TEXT = "text"  # one value as typed
JSON = "json"  # an object, given as JSON text


@dataclass(frozen=True)
class OptionSpec:
    """One parameter of an operation as a command-line option."""

    flag: str
    dest: str
    wire: str
    kind: str
    required: bool
    choices: tuple[str, ...]
    help: str
    example: str | None = None
    default: str | None = None


@dataclass(frozen=True)
class CommandSpec:
    """One operation of the spec as a subcommand; the batch parameter is the positional ids."""

    name: str
    method_name: str
    constant: str
    summary: str
    variant: str
    batch_parameter: str
    batch_size: int
    id_pattern: str | None
    id_help: str
    metrics_parameter: str
    fields_parameter: str | None
    grouping_parameter: str | None
    options: tuple[OptionSpec, ...]

    def option(self, dest: str) -> OptionSpec:
        return next(option for option in self.options if option.dest == dest)

    def on_the_wire(self, arguments: dict[str, object]) -> dict[str, object]:
        """Keyword arguments of the client method renamed to the spec's names (what _batching plans)."""
        wire = {option.dest: option.wire for option in self.options}
        return {wire.get(name, name): value for name, value in arguments.items()}


@dataclass(frozen=True, slots=True)
class OperationSpec:
    """Everything the runtime needs to know about one operation, generated from the spec."""

    operation_id: str
    http_method: str
    path: str
    servers: tuple[str, ...]
    variant: str
    security: tuple[str, ...]
    query: tuple[str, ...]
    body: tuple[str, ...]
    input_schema: Mapping[str, Any]
    rules: tuple[Mapping[str, Any], ...]
    response_type: type[Any]  # a msgspec Struct of models
    grouping_parameter: str | None
    batch_parameter: str
    batch_size: int
