"""The command line's options are generated from the spec: a change there shows up in `--help`."""

from __future__ import annotations

from typing import Any

from generator.cli_model import JSON, LIST, TEXT, CliCommand, cli_commands
from generator.model import build_model
from tests.support.specs import spec


def _commands(document: dict[str, Any]) -> dict[str, CliCommand]:
    return {command.name: command for command in cli_commands(build_model(document))}


def test_each_parameter_becomes_an_option_with_its_kind_choices_and_help() -> None:
    commands = _commands(spec())
    assert list(commands) == [
        "get-insights-28hr",
        "get-insights-historical",
        "get-engagement-28hr",
        "get-engagement-totals",
        "get-engagement-historical",
        "get-posts-analytics",
        "get-media-analytics",
    ]  # the spec's order
    v2 = commands["get-insights-28hr"]
    options = {option.flag: option for option in v2.options}
    assert set(options) == {"--granularity", "--requested-metrics", "--engagement-fields"}  # ids are positional
    assert options["--granularity"].kind == TEXT and "Hourly" in options["--granularity"].choices
    assert options["--granularity"].help == "Bucket size of the returned metrics."
    assert options["--requested-metrics"].kind == LIST and len(options["--requested-metrics"].choices) == 26
    assert options["--engagement-fields"].wire == "engagement.fields" and not options["--engagement-fields"].required
    assert v2.id_pattern == "^[0-9]{1,19}$" and v2.batch_size == 25
    totals = commands["get-engagement-totals"]
    groupings = next(o for o in totals.options if o.dest == "groupings")
    assert groupings.kind == JSON and totals.batch_size == 250


def test_a_default_and_a_new_enum_value_in_the_spec_reach_the_options() -> None:
    document = spec()
    granularity = document["components"]["schemas"]["Granularity"]
    granularity["enum"] = [*granularity["enum"], "Minutely"]
    granularity["x-buckets"]["Minutely"] = "hour"  # a new value needs its bucket meaning (x-buckets)
    parameter = document["components"]["parameters"]["GranularityParameter"]
    parameter["schema"]["default"] = "Hourly"
    parameter["description"] = "How long a bucket is."
    option = next(o for o in _commands(document)["get-insights-28hr"].options if o.dest == "granularity")
    assert option.choices[-1] == "Minutely" and option.default == "Hourly" and option.help == "How long a bucket is."
