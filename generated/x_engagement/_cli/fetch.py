"""`x-engagement fetch`: posts' metrics from v2 insights, Enterprise, post or media analytics, as rows.

Metrics are named by their canonical names (the spec's crosswalk: `likes` is v2 `Likes`,
Enterprise `favorites` and analytics `likes`); each variant is asked for those it has. Rows of
every variant share one table (`x_engagement.table.Row`), told apart by the `variant` column.
The 28-hour endpoints answer their rolling window; the analytics ones the range asked for
(`--since`/`--until`, by default the same 28 hours).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from x_engagement import _window
from x_engagement._cli.common import add_fetching_arguments
from x_engagement._cli.exits import UsageError
from x_engagement._cli.ids import add_id_arguments
from x_engagement._window import GRANULARITIES, arguments, operation, source_metrics

HELP = "metrics of any number of posts (or media), from v2, Enterprise or analytics, as rows"

VARIANTS = _window.SOURCES


def _takes_post_ids(variant: str) -> bool:
    """Whether the variant's ids are post ids (media analytics takes media keys)."""
    posts = {op.id_pattern for op in _window.RECENT.values()}
    return operation(variant).id_pattern in posts


# `both` keeps meaning the two 28-hour variants; `all` is every variant that takes post ids.
ALIASES = {
    "both": tuple(_window.VARIANTS),
    "all": tuple(v for v in VARIANTS if _takes_post_ids(v)),
}


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
    keyed = [v for v in found if not _takes_post_ids(v)]
    if keyed and len(found) > 1:
        raise argparse.ArgumentTypeError(f"{keyed[0]} takes other ids than posts: fetch it alone")
    return tuple(found)


def parse_time(text: str) -> datetime:
    """An ISO 8601 time; one without an offset is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def configure(parser: argparse.ArgumentParser) -> None:
    add_id_arguments(parser, "any number; sent in chunks the API accepts")
    what = parser.add_argument_group("what to fetch")
    what.add_argument(
        "--variant",
        type=parse_variants,
        default=("v2",),
        metavar="VARIANT[,VARIANT...]",
        help=f"which API: a comma list of {', '.join(VARIANTS)}, or both ({','.join(ALIASES['both'])}) "
        f"or all ({','.join(ALIASES['all'])}); a variant taking other ids (media keys) goes alone "
        "(default: v2)",
    )
    hours = int(_window.DEFAULT_RANGE.total_seconds() // 3600)
    what.add_argument(
        "--since",
        type=parse_time,
        help=f"range-asked variants (analytics, media): start, ISO 8601, UTC without an offset "
        f"(default: {hours} hours before --until)",
    )
    what.add_argument(
        "--until",
        type=parse_time,
        help="range-asked variants: end (default: the last whole hour)",
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
    names = {variant: source_metrics(variant) for variant in VARIANTS}
    print(f"{'metric':<26}" + "".join(f"{variant:<24}" for variant in names).rstrip())
    for name in sorted({metric for metrics in names.values() for metric in metrics}):
        cells = "".join(f"{metrics.get(name, '-'):<24}" for metrics in names.values())
        print(f"{name:<26}{cells}".rstrip())
    return 0


def metric_names() -> dict[str, str]:
    """{any accepted spelling: canonical name}: the canonical names, and each API's own name for
    them (`Impressions`, `favorites`) in any case, as the client's validator accepts them."""
    found: dict[str, str] = {}
    for variant in VARIANTS:
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
    variants = list(args.variant)
    window = None
    if any(operation(v).role == "range" for v in variants):
        try:
            window = _window.time_range(args.since, args.until)
        except ValueError as error:
            raise UsageError(f"--since/--until: {error}") from None
    metrics = chosen_metrics(args.metric, variants)
    post_ids = ids.read_ids(args, operation(variants[0]).id_pattern)
    waits = Waits(Progress.from_args(args))
    outcomes: list[Outcome] = []
    with (
        env.make_client(args, waits.sleep, event_hooks=waits.event_hooks) as client,
        interruptible(waits),
    ):
        planned = [
            (operation(v), arguments(v, metrics[v], args.granularity, window=window))
            for v in variants
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
