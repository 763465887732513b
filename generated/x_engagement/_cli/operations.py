"""One subcommand per operation of the spec, its options read from the generated `_operations`.

`x-engagement get-insights-28hr 20 21 --granularity Hourly --requested-metrics Likes,Impressions`
calls `client.batch.get_insights_28hr` (so any number of ids works) and writes the one-table rows.
List options take comma-separated values or repeat; object options take JSON text.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from x_engagement._cli.common import add_fetching_arguments
from x_engagement._cli.exits import UsageError
from x_engagement._cli.ids import add_id_arguments
from x_engagement._operation import JSON, LIST, OperationSpec, OptionSpec


def _help(option: OptionSpec) -> str:
    text = option.help
    if option.kind == LIST:
        text += " Comma-separated or repeated."
        if option.choices:
            text += " Choices: " + ", ".join(option.choices) + "."
    if option.kind == JSON:
        text += " As JSON."
    if option.example is not None:
        text += f" Example: {option.example}"
    if option.default is not None:
        text += f" (default: {option.default})"
    else:
        text += " (required)" if option.required else " (optional)"
    return text.replace("%", "%%")


def configure(parser: argparse.ArgumentParser, command: OperationSpec) -> None:
    add_id_arguments(parser, f"{command.id_help.rstrip('.')}; {command.batch_size} per request")
    group = parser.add_argument_group("parameters (from the spec)")
    for option in command.options:
        extra: dict[str, Any] = {}
        if option.kind == LIST:
            extra["action"] = "append"
            extra["metavar"] = "VALUE[,VALUE...]"
        elif option.choices:
            extra["choices"] = option.choices
        else:
            extra["metavar"] = "JSON" if option.kind == JSON else "VALUE"
        if option.default is not None:
            extra["default"] = [option.default] if option.kind == LIST else option.default
        group.add_argument(
            option.flag,
            dest=option.dest,
            required=option.required and option.default is None,
            help=_help(option),
            **extra,
        )
    if any(option.dest == "granularity" for option in command.options):
        group.add_argument(
            "--with-totals",
            action="store_true",
            help="also write the window's total rows (v2 sends them with every granularity); "
            "by default the output holds only the granularity asked for",
        )
    add_fetching_arguments(parser)


def row_granularity(args: argparse.Namespace) -> str | None:
    """The one granularity of the rows to write (None: every row), from `--granularity`."""
    from x_engagement.table import V2_GRANULARITY

    chosen = getattr(args, "granularity", None)
    if not isinstance(chosen, str) or getattr(args, "with_totals", False):
        return None
    return V2_GRANULARITY.get(chosen)


def arguments(args: argparse.Namespace, command: OperationSpec) -> dict[str, Any]:
    """The client method's keyword arguments from the parsed options (absent ones left out)."""
    found: dict[str, Any] = {}
    for option in command.options:
        value = getattr(args, option.dest)
        if value is None:
            continue
        if option.kind == LIST:
            value = [part.strip() for item in value for part in item.split(",") if part.strip()]
        elif option.kind == JSON:
            try:
                value = json.loads(value)
            except ValueError as error:
                raise UsageError(f"{option.flag}: not JSON: {error}") from None
        found[option.dest] = value
    return found


def run(args: argparse.Namespace) -> int:
    from x_engagement._cli import env, ids, output
    from x_engagement._cli.progress import Progress
    from x_engagement._cli.running import (
        Outcome,
        Waits,
        finish,
        interruptible,
        run_batched,
        validate,
    )
    from x_engagement._cli.sink import opened

    command: OperationSpec = args.command_spec
    fmt = output.chosen_format(args)
    kwargs = arguments(args, command)
    post_ids = ids.read_ids(args, command.id_pattern)
    waits = Waits(Progress.from_args(args))
    with (
        env.make_client(args, waits.sleep, event_hooks=waits.event_hooks) as client,
        interruptible(waits),
    ):
        validate(client, command, kwargs, post_ids)
        with opened(fmt, args.output) as sink:  # a bad --output fails here, nothing sent
            outcome = Outcome(granularity=row_granularity(args))
            run_batched(client, command, kwargs, post_ids, waits, args.concurrency, sink, outcome)
            return finish([outcome], sink, waits)
