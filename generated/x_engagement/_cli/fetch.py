"""`x-engagement fetch`: the last 28 hours of posts' metrics from v2, Enterprise or both, as rows.

Metrics are named by their canonical names (the spec's crosswalk: `likes` is v2 `Likes` and
Enterprise `favorites`); each variant is asked for those it has. Rows of both variants share one
table (`x_engagement.table.Row`), told apart by the `variant` column.
"""

from __future__ import annotations

import argparse
from typing import Any

from x_engagement._cli.common import add_fetching_arguments
from x_engagement._cli.exits import UsageError
from x_engagement._cli.ids import add_id_arguments
from x_engagement._cli.specs import CommandSpec

HELP = "the last 28 hours of metrics of any number of posts, from v2, Enterprise or both, as rows"

# The 28-hour operation of each variant, and how each bucket size is asked of it. The test suite
# checks these names against the spec's (tests/test_cli_fetch.py).
OPERATION = {"v2": "get_insights_28hr", "enterprise": "get_engagement_28hr"}
VARIANTS = ("v2", "enterprise", "both")
GRANULARITIES = ("hour", "day", "total")
V2_GRANULARITY = {"hour": "Hourly", "day": "Daily", "total": "Total"}
ENTERPRISE_GROUP_BY = {
    "hour": ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"],
    "day": ["tweet.id", "engagement.type", "engagement.day"],
    "total": ["tweet.id", "engagement.type"],
}


def configure(parser: argparse.ArgumentParser) -> None:
    add_id_arguments(parser, "any number; sent in chunks the API accepts")
    what = parser.add_argument_group("what to fetch")
    what.add_argument(
        "--variant", choices=VARIANTS, default="v2", help="which API (default: %(default)s)"
    )
    what.add_argument(
        "-m",
        "--metric",
        action="append",
        default=[],
        metavar="NAME[,NAME...]",
        help="canonical metric names, e.g. impressions,likes (repeatable; default: every metric "
        "the variant has; see --list-metrics)",
    )
    what.add_argument(
        "--granularity",
        choices=GRANULARITIES,
        default="hour",
        help="bucket size of the rows (default: %(default)s)",
    )
    what.add_argument(
        "--list-metrics",
        action="store_true",
        help="print the canonical metric names and each variant's name for them, then exit",
    )
    add_fetching_arguments(parser)


def command(method_name: str) -> CommandSpec:
    from x_engagement._cli_operations import OPERATIONS

    return next(spec for spec in OPERATIONS if spec.method_name == method_name)


def source_metrics(variant: str, spec: CommandSpec | None = None) -> dict[str, str]:
    """{canonical name: the variant's own name} for every metric the variant's 28-hour call (or
    the operation `spec`) takes."""
    from x_engagement.table import canonical_metric

    spec = spec or command(OPERATION[variant])
    names = spec.option(spec.metrics_parameter).choices
    return {canonical_metric(variant, name): name for name in names}


def list_metrics() -> int:
    v2, enterprise = source_metrics("v2"), source_metrics("enterprise")
    print(f"{'metric':<26}{'v2':<24}enterprise")
    for name in sorted({*v2, *enterprise}):
        print(f"{name:<26}{v2.get(name, '-'):<24}{enterprise.get(name, '-')}")
    return 0


def metric_names() -> dict[str, str]:
    """{any accepted spelling: canonical name}: the canonical names, and each API's own name for
    them (`Impressions`, `favorites`) in any case, as the client's validator accepts them."""
    found: dict[str, str] = {}
    for variant in OPERATION:
        for canonical, own in source_metrics(variant).items():
            found.setdefault(canonical, canonical)
            found.setdefault(own, canonical)
            found.setdefault(own.lower(), canonical)
    return found


def canonical_names(requested: list[str]) -> list[str]:
    """The canonical names of `requested` (comma-separated, repeatable); an unknown name is a
    UsageError suggesting the nearest known one."""
    import difflib

    wanted = [part.strip() for item in requested for part in item.split(",") if part.strip()]
    names = metric_names()
    chosen: list[str] = []
    for name in wanted:
        canonical = names.get(name) or names.get(name.lower())
        if canonical is None:
            near = difflib.get_close_matches(name.lower(), list(names), n=1, cutoff=0.6)
            hint = f"; did you mean {names[near[0]]}?" if near else ""
            raise UsageError(
                f"--metric: unknown metric {name!r}{hint} (x-engagement fetch --list-metrics "
                "lists them)"
            )
        if canonical not in chosen:
            chosen.append(canonical)
    return chosen


def chosen_metrics(requested: list[str], variants: list[str]) -> dict[str, list[str]]:
    """Per variant, its names for the requested metrics (all of its own by default)."""
    wanted = canonical_names(requested)
    known = {variant: source_metrics(variant) for variant in variants}
    unknown = [name for name in wanted if not any(name in names for names in known.values())]
    if unknown:
        raise UsageError(
            f"--metric: {' or '.join(variants)} has no {', '.join(unknown)} "
            "(x-engagement fetch --list-metrics shows which variant has which)"
        )
    chosen: dict[str, list[str]] = {}
    for variant, names in known.items():
        chosen[variant] = (
            [names[n] for n in wanted if n in names] if wanted else list(names.values())
        )
        if not chosen[variant]:
            raise UsageError(f"--metric: {variant} has none of {', '.join(wanted)}")
    return chosen


def arguments(
    variant: str, metrics: list[str], granularity: str, spec: CommandSpec | None = None
) -> dict[str, Any]:
    """The keyword arguments asking the variant's 28-hour call (or the operation `spec`, which
    takes the same metrics and bucket arguments) for `metrics` in `granularity` buckets."""
    spec = spec or command(OPERATION[variant])
    found: dict[str, Any] = {spec.metrics_parameter: metrics}
    if spec.fields_parameter is not None:  # every field, so posts without data are accounted for
        found[spec.fields_parameter] = list(spec.option(spec.fields_parameter).choices)
    if variant == "v2":
        found["granularity"] = V2_GRANULARITY[granularity]
    elif spec.grouping_parameter is not None:
        found[spec.grouping_parameter] = {
            granularity: {"group_by": ENTERPRISE_GROUP_BY[granularity]}
        }
    return found


def run(args: argparse.Namespace) -> int:
    if args.list_metrics:
        return list_metrics()
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

    fmt = output.chosen_format(args)
    variants = ["v2", "enterprise"] if args.variant == "both" else [args.variant]
    metrics = chosen_metrics(args.metric, variants)
    post_ids = ids.read_ids(args, command(OPERATION[variants[0]]).id_pattern)
    waits = Waits(Progress.from_args(args))
    outcomes: list[Outcome] = []
    with env.make_client(args, waits.sleep) as client, interruptible(waits):
        waits.attach(client)
        planned = [
            (command(OPERATION[v]), arguments(v, metrics[v], args.granularity)) for v in variants
        ]
        for spec, kwargs in planned:  # both variants checked before the first request
            validate(client, spec, kwargs, post_ids)
        with opened(fmt, args.output) as sink:  # a bad --output fails here, nothing sent
            for spec, kwargs in planned:
                outcome = Outcome(granularity=args.granularity)
                outcomes.append(outcome)
                run_batched(client, spec, kwargs, post_ids, waits, args.concurrency, sink, outcome)
                if outcome.interrupted or outcome.stopped:
                    break
            return finish(outcomes, sink, waits)
