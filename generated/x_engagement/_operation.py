"""One description of an operation: the record the generated `_operations` module fills in.

Spec-derived data, the lowest layer. The client (validation, wire format, decoding), the command
line (subcommands, options, ids), the collector and the 28-hour question (`_window`) all read the
same record, so a fact of the spec is written once, by the generator. Plain data and cheap to
import: `x-engagement --help` builds every subcommand from it without importing the client or
the models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LIST = "list"  # comma-separated, or the option repeated
TEXT = "text"  # one value as typed
JSON = "json"  # an object, given as JSON text


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One parameter of an operation as a keyword of its client method and a command-line option."""

    flag: str  # `--requested-metrics`
    dest: str  # the client method's keyword, `requested_metrics`
    wire: str  # the name on the wire and in the spec, `engagement.fields`
    kind: str  # LIST, TEXT or JSON
    required: bool
    choices: tuple[str, ...]
    help: str
    example: str | None = None
    default: str | None = None


@dataclass(frozen=True, slots=True)
class OperationSpec:
    """Everything the package knows about one operation of the spec, generated once."""

    operation_id: str
    method_name: str  # the client's method, `get_insights_28hr`
    command: str  # the subcommand, `get-insights-28hr`
    summary: str
    variant: str  # the tag's x-variant
    role: str | None  # x-role: `recent` (the variant's rolling 28-hour window) or `range` (asked
    # for an explicit time range, whose two ends its time-window rule names)
    deprecation: str | None  # why it is deprecated and since when (x-removed-upstream); None if not
    http_method: str
    path: str
    servers: tuple[str, ...]
    security: tuple[str, ...]
    query: tuple[str, ...]  # the wire names sent in the query ...
    body: tuple[str, ...]  # ... and in the JSON body
    input_schema: Mapping[str, Any]
    rules: tuple[Mapping[str, Any], ...]
    response_model: str  # the name in `models` of the 200 answer's type
    # The wire names of the parameters with a role (x-role); None where the operation has none.
    batch_parameter: str
    batch_size: int
    metrics_parameter: str
    fields_parameter: str | None
    granularity_parameter: str | None
    grouping_parameter: str | None
    # granularity value on the wire -> the bucket it counts (x-buckets: hour, day, week, total)
    buckets: Mapping[str, str]
    structural: tuple[
        str, ...
    ]  # metrics-parameter values that are fields, not counters (x-structural)
    id_pattern: str | None  # the regular expression each post id must match
    id_help: str
    options: tuple[OptionSpec, ...]  # every parameter but the batch one, in the spec's order

    @property
    def response_type(self) -> type[Any]:
        """The model of the 200 answer (imported on first use: the command line's help needs none)."""
        from x_engagement import models

        found: type[Any] = getattr(models, self.response_model)
        return found

    def option(self, dest: str) -> OptionSpec:
        return next(option for option in self.options if option.dest == dest)

    def keyword(self, wire: str) -> str:
        """The client method's keyword for the parameter named `wire` in the spec."""
        if wire == self.batch_parameter:
            return wire
        return next(option.dest for option in self.options if option.wire == wire)

    def bucket_value(self, bucket: str) -> str | None:
        """The granularity value on the wire that counts in `bucket` buckets (None: not offered)."""
        return next((value for value, found in self.buckets.items() if found == bucket), None)

    def on_the_wire(self, arguments: Mapping[str, object]) -> dict[str, object]:
        """Keyword arguments of the client method renamed to the spec's names (what _batching plans)."""
        wire = {option.dest: option.wire for option in self.options}
        return {wire.get(name, name): value for name, value in arguments.items()}
