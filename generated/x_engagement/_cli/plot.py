"""`x-engagement plot`: a PNG of the hourly series per post and metric, from rows `fetch` wrote.

Reads CSV or JSON Lines (`-` for stdin), one panel per metric, one line per post (and variant),
times in UTC. Needs matplotlib (`pip install 'x-engagement[plot]'`); drawn with the Agg backend,
so no display is needed.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, TextIO

from x_engagement._cli.exits import UsageError

if TYPE_CHECKING:
    from x_engagement.table import Row

HELP = (
    "a PNG of the hourly series per post and metric, from rows written by fetch (CSV or JSON Lines)"
)
Series = dict[str, dict[tuple[str, str], list[tuple[datetime, int]]]]
DEFAULT_TOP = 10


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "rows", metavar="ROWS", help="a CSV or JSON Lines file of rows; `-` for stdin"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE.png", help="the PNG to write"
    )
    parser.add_argument("--title", help="the figure's title (default: what it shows)")
    parser.add_argument(
        "--width", type=float, default=10.0, help="inches, at 100 dpi (default: %(default)s)"
    )
    parser.add_argument(
        "--top",
        type=_positive,
        default=DEFAULT_TOP,
        metavar="N",
        help="plot the N posts with the highest total over every metric; the rest are named "
        "on stderr as left out (default: %(default)s)",
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def read_rows(source: str, stdin: TextIO | None = None) -> list[Row]:
    """Rows from a CSV or JSON Lines file (or stdin) as `fetch` writes them, via x_engagement.table."""
    from x_engagement import table

    try:
        if source == "-":
            text = (stdin or sys.stdin).read()
        else:
            with open(source, encoding="utf-8", newline="") as stream:
                text = stream.read()
    except OSError as error:
        raise UsageError(f"{source}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{source}: not UTF-8 text") from None
    reader = table.read_jsonl if text.lstrip().startswith("{") else table.read_csv
    try:
        return reader(io.StringIO(text))
    except ValueError as error:  # msgspec's decode errors are ValueErrors too
        raise UsageError(f"{source}: not rows written by fetch: {error}") from None


def hourly_series(rows: Iterable[Row]) -> Series:
    """{metric: {(post_id, variant): [(start, value), ...] in time order}} of the hourly rows."""
    series: Series = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.granularity == "hour" and row.start is not None:
            series[row.metric][(row.post_id, row.variant)].append((row.start, row.value))
    for lines in series.values():
        for points in lines.values():
            points.sort()
    return series


def top_posts(series: Series, top: int) -> tuple[Series, int]:
    """Only the `top` posts with the highest total over every metric and hour (ties by id);
    the number of posts left out."""
    totals: dict[str, int] = defaultdict(int)
    for lines in series.values():
        for (post_id, _), points in lines.items():
            totals[post_id] += sum(value for _, value in points)
    ranked = sorted(totals, key=lambda post: (-totals[post], post))
    kept = set(ranked[:top])
    chosen: Series = {
        metric: {key: points for key, points in lines.items() if key[0] in kept}
        for metric, lines in series.items()
    }
    return chosen, len(ranked) - len(kept)


def run(args: argparse.Namespace) -> int:
    from x_engagement._cli import exits

    series = hourly_series(read_rows(args.rows))
    if not series:
        raise UsageError(f"{args.rows}: no hourly rows to plot (fetch with --granularity hour)")
    try:
        import matplotlib  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise UsageError("plot needs matplotlib: pip install 'x-engagement[plot]'") from None
    series, left_out = top_posts(series, args.top)
    try:  # the output is checked before the (slow) drawing
        stream = open(args.output, "wb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(f"--output {args.output}: {error.strerror or error}") from None
    matplotlib.use("Agg")
    try:
        with stream:
            draw(series, stream, args.title, args.width)
    except OSError as error:
        os.unlink(args.output)
        raise exits.OutputError(f"cannot write {args.output}: {error.strerror or error}") from None
    if left_out:
        exits.say(f"plotted the top {args.top} posts by total; {left_out} more left out (--top N)")
    return 0


def draw(series: Series, output: str | IO[bytes], title: str | None, width: float) -> None:
    import matplotlib.dates as mdates  # type: ignore[import-not-found,unused-ignore]
    import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]

    metrics = sorted(series)
    figure, axes = plt.subplots(
        len(metrics), 1, figsize=(width, 2.6 * len(metrics) + 0.8), sharex=True, squeeze=False
    )
    posts = sorted({key for lines in series.values() for key in lines})
    for axis, metric in zip(axes[:, 0], metrics, strict=True):
        for post_id, variant in posts:
            points = series[metric].get((post_id, variant))
            if not points:
                continue
            label = post_id if len({v for _, v in posts}) == 1 else f"{post_id} ({variant})"
            axis.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=label)
        axis.set_ylabel(metric)
        axis.set_title(f"{metric} per hour", fontsize=10, loc="left")
        axis.grid(True, alpha=0.3)
        if len(posts) <= 12:
            axis.legend(
                title="post",
                fontsize=7,
                title_fontsize=7,
                loc="upper left",
                ncols=min(len(posts), 4),
            )
    bottom = axes[-1, 0]
    formatter = mdates.DateFormatter("%d %b %H:%M", tz=UTC)  # type: ignore[no-untyped-call,unused-ignore]
    bottom.xaxis.set_major_formatter(formatter)
    bottom.set_xlabel("hour starting (UTC)")
    figure.autofmt_xdate()
    figure.suptitle(title or f"Hourly engagement of {len({p for p, _ in posts})} posts (UTC)")
    figure.tight_layout()
    figure.savefig(output, dpi=100, format="png")
    plt.close(figure)
