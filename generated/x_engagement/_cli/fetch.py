"""`x-engagement fetch`: the last 28 hours of posts' metrics from v2, Enterprise or both, as rows.

Metrics are named by their canonical names (the spec's crosswalk: `likes` is v2 `Likes` and
Enterprise `favorites`); each variant is asked for those it has. Rows of both variants share one
table (`x_engagement.table.Row`), told apart by the `variant` column.
"""

from __future__ import annotations

import argparse

from x_engagement import _window
from x_engagement._cli.common import add_fetching_arguments
from x_engagement._cli.exits import UsageError
from x_engagement._cli.ids import add_id_arguments
from x_engagement._window import GRANULARITIES, arguments, recent, source_metrics

HELP = "the last 28 hours of metrics of any number of posts, from v2, Enterprise or both, as rows"

VARIANTS = (*_window.VARIANTS, "both")  # both: every variant with a 28-hour operation


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


def list_metrics() -> int:
    names = {variant: source_metrics(variant) for variant in _window.VARIANTS}
    print(f"{'metric':<26}" + "".join(f"{variant:<24}" for variant in names).rstrip())
    for name in sorted({metric for metrics in names.values() for metric in metrics}):
        cells = "".join(f"{metrics.get(name, '-'):<24}" for metrics in names.values())
        print(f"{name:<26}{cells}".rstrip())
    return 0


def metric_names() -> dict[str, str]:
    """{any accepted spelling: canonical name}: the canonical names, and each API's own name for
    them (`Impressions`, `favorites`) in any case, as the client's validator accepts them."""
    found: dict[str, str] = {}
    for variant in _window.VARIANTS:
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
    variants = list(_window.VARIANTS) if args.variant == "both" else [args.variant]
    metrics = chosen_metrics(args.metric, variants)
    post_ids = ids.read_ids(args, recent(variants[0]).id_pattern)
    waits = Waits(Progress.from_args(args))
    outcomes: list[Outcome] = []
    with (
        env.make_client(args, waits.sleep, event_hooks=waits.event_hooks) as client,
        interruptible(waits),
    ):
        planned = [(recent(v), arguments(v, metrics[v], args.granularity)) for v in variants]
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
