"""`x-engagement fetch`: the last 28 hours of posts' metrics from v2, Enterprise or both, as rows.

Metrics are named by their canonical names (the spec's crosswalk: `likes` is v2 `Likes` and
Enterprise `favorites`); each variant is asked for those it has. Rows of both variants share one
table (`x_engagement.table.Row`), told apart by the `variant` column.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

from x_engagement._cli.common import add_fetching_arguments
from x_engagement._cli.exits import UsageError
from x_engagement._cli.ids import add_id_arguments
from x_engagement._cli.specs import CommandSpec

HELP = "the last 28 hours of metrics of any number of posts, from v2, Enterprise or both, as rows"

# The 28-hour operation of each variant, and how each bucket size is asked of it. The test suite
# checks these names against the spec's (tests/test_cli_fetch.py).
OPERATION = {
    "v2": "get_insights_28hr",
    "enterprise": "get_engagement_28hr",
    "analytics": "get_posts_analytics",
    "media": "get_media_analytics",
}
VARIANTS = ("v2", "enterprise", "analytics", "media")
# `--variant both` keeps meaning v2 and Enterprise; `all` is every variant that takes post ids
# (media analytics takes media keys, so it is fetched on its own).
ALIASES = {"both": ("v2", "enterprise"), "all": ("v2", "enterprise", "analytics")}
TIMED = ("analytics", "media")  # variants asked for an explicit time range
ANALYTICS_GRANULARITY = {"hour": "hourly", "day": "daily", "total": "total"}
DEFAULT_WINDOW_HOURS = 28
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
        "--variant",
        type=parse_variants,
        default=("v2",),
        metavar="VARIANT[,VARIANT...]",
        help=f"which API: a comma list of {', '.join(VARIANTS)}, or both (v2,enterprise) or all "
        "(v2,enterprise,analytics); media takes media keys and goes alone (default: v2)",
    )
    what.add_argument(
        "--since",
        type=parse_time,
        help=f"analytics/media: start of the range, UTC ISO 8601 (default: {DEFAULT_WINDOW_HOURS} "
        "hours before --until)",
    )
    what.add_argument(
        "--until", type=parse_time, help="analytics/media: end of the range (default: now)"
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


def parse_variants(text: str) -> tuple[str, ...]:
    """`v2`, `v2,analytics`, `both` or `all` as the variants, in the order given, each once."""
    found: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        for variant in ALIASES.get(part, (part,)):
            if variant not in VARIANTS:
                raise argparse.ArgumentTypeError(
                    f"unknown variant {part!r}; known: {', '.join(VARIANTS)}, both, all"
                )
            if variant not in found:
                found.append(variant)
    if "media" in found and len(found) > 1:
        raise argparse.ArgumentTypeError("media takes media keys, not post ids: fetch it alone")
    return tuple(found)


def parse_time(text: str) -> datetime:
    """An ISO 8601 time; one without an offset is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def time_range(since: datetime | None, until: datetime | None) -> tuple[datetime, datetime]:
    """The explicit range analytics needs: by default the last 28 hours, to the whole hour."""
    end = until or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    start = since or end - timedelta(hours=DEFAULT_WINDOW_HOURS)
    if start >= end:
        raise UsageError(
            f"--since ({start.isoformat()}) must be before --until ({end.isoformat()})"
        )
    return start, end


def command(method_name: str) -> CommandSpec:
    from x_engagement._cli_operations import OPERATIONS

    return next(spec for spec in OPERATIONS if spec.method_name == method_name)


def source_metrics(variant: str, spec: CommandSpec | None = None) -> dict[str, str]:
    """{canonical name: the variant's own name} for every metric the variant's 28-hour call (or
    the operation `spec`) takes."""
    from x_engagement.table import canonical_metric

    spec = spec or command(OPERATION[variant])
    names = spec.option(spec.metrics_parameter).choices
    if variant in TIMED:  # the fields parameter also names id, timestamp, ...: counters only
        names = tuple(n for n in names if n not in STRUCTURAL)
    return {canonical_metric(variant, name): name for name in names}


STRUCTURAL = ("id", "media_key", "timestamp", "timestamped_metrics")


def list_metrics() -> int:
    known = {variant: source_metrics(variant) for variant in VARIANTS}
    print("".join(f"{h:<26}" for h in ("metric", *VARIANTS)).rstrip())
    for name in sorted({n for names in known.values() for n in names}):
        cells = [known[v].get(name, "-") for v in VARIANTS]
        print("".join(f"{c:<26}" for c in (name, *cells)).rstrip())
    return 0


def chosen_metrics(requested: list[str], variants: list[str]) -> dict[str, list[str]]:
    """Per variant, its names for the requested canonical metrics (all of its own by default)."""
    wanted = [part.strip() for item in requested for part in item.split(",") if part.strip()]
    known = {variant: source_metrics(variant) for variant in variants}
    unknown = [name for name in wanted if not any(name in names for names in known.values())]
    if unknown:
        every = sorted({name for names in known.values() for name in names})
        raise UsageError(
            f"--metric: unknown for {' or '.join(variants)}: {', '.join(unknown)}; "
            f"known: {', '.join(every)}"
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
    variant: str,
    metrics: list[str],
    granularity: str,
    spec: CommandSpec | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> dict[str, Any]:
    """The keyword arguments asking the variant's 28-hour call (or the operation `spec`, which
    takes the same metrics and bucket arguments) for `metrics` in `granularity` buckets."""
    spec = spec or command(OPERATION[variant])
    found: dict[str, Any] = {spec.metrics_parameter: metrics}
    if spec.fields_parameter is not None:  # every field, so posts without data are accounted for
        found[spec.fields_parameter] = list(spec.option(spec.fields_parameter).choices)
    if variant in TIMED:
        keys = [n for n in STRUCTURAL if n in spec.option(spec.metrics_parameter).choices]
        found[spec.metrics_parameter] = [*keys, *metrics]
        found["granularity"] = ANALYTICS_GRANULARITY[granularity]
        found["start_time"], found["end_time"] = window or time_range(None, None)
    elif variant == "v2":
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

    fmt = output.chosen_format(args)
    variants = list(args.variant)
    window = time_range(args.since, args.until) if set(variants) & set(TIMED) else None
    metrics = chosen_metrics(args.metric, variants)
    post_ids = ids.read_ids(args, command(OPERATION[variants[0]]).id_pattern)
    waits = Waits(Progress.from_args(args))
    outcomes: list[Outcome] = []
    with env.make_client(args, waits.sleep) as client, interruptible(waits):
        waits.attach(client)
        planned = [
            (command(OPERATION[v]), arguments(v, metrics[v], args.granularity, window=window))
            for v in variants
        ]
        for spec, kwargs in planned:  # both variants checked before the first request
            validate(client, spec, kwargs, post_ids)
        for spec, kwargs in planned:
            outcome = Outcome(granularity=args.granularity)
            outcomes.append(outcome)
            run_batched(client, spec, kwargs, post_ids, waits.progress, args.concurrency, outcome)
            if outcome.interrupted:
                break
    return finish(outcomes, fmt, args.output)
