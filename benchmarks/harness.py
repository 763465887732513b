"""What every benchmark shares: interleaved timing, a result row, and the settings of one run.

A figure is always a ratio against a baseline timed in the same run, the two interleaved round by
round (alternating which goes first), so drift of a busy 2-core machine hits both sides alike.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_environment() -> dict[str, str]:
    """The environment for timed child processes: bytecode caching on.

    Some shells here export PYTHONDONTWRITEBYTECODE=1, which makes every fresh process recompile
    our (editable-installed) sources, while pip-installed packages ship compiled: a user's
    `import x_engagement` does not pay that, so neither should the figure.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Settings:
    """How hard to run: `rounds` per figure (>= 5 for a real run), `quick` shrinks every workload."""

    rounds: int = 5
    quick: bool = False


@dataclass(frozen=True)
class Result:
    """One row of the table.

    `ratio` is candidate / baseline (or, for a figure with no baseline, the value in `unit`);
    `target` is the upper bound it must stay under, None for report-only rows; `note` says why a
    row could not be measured (then ratio is None) or what it includes.
    """

    name: str
    baseline: str
    ratio: float | None
    target: float | None
    unit: str = "x"
    candidate_median: float | None = None  # seconds, bytes or ms, as `scale` says
    baseline_median: float | None = None
    scale: str = "ms"
    note: str = ""
    samples: list[float] = field(default_factory=list, repr=False)

    @property
    def status(self) -> str:
        if self.ratio is None:
            return "n/a"
        if self.target is None:
            return "report"
        return "PASS" if self.ratio <= self.target else "MISS"


@dataclass(frozen=True)
class Pair:
    """Medians of an interleaved candidate/baseline measurement."""

    candidate: float
    baseline: float
    candidate_samples: list[float]
    baseline_samples: list[float]

    @property
    def ratio(self) -> float:
        return self.candidate / self.baseline


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Seconds per call of `action`, over `repeat` calls, garbage from earlier work collected first."""
    gc.collect()
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    return (time.perf_counter() - start) / repeat


def repeat_for(body: bytes) -> int:
    """Calls per round for work on `body`: ~10 MB of JSON, so a round of json.loads takes ~0.1 s."""
    return max(1, 10_000_000 // len(body))


def rotated(actions: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Run every action once per round, each round starting one further along the list."""
    names = list(actions)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(actions[name]())
    return samples


def interleaved(
    candidate: Callable[[], float],
    baseline: Callable[[], float],
    rounds: int,
) -> Pair:
    """Run both `rounds` times, alternating which goes first; each callable returns its own figure."""
    samples = rotated({"baseline": baseline, "candidate": candidate}, rounds)
    return pair_of(samples["candidate"], samples["baseline"])


def pair_of(candidate: list[float], baseline: list[float]) -> Pair:
    return Pair(statistics.median(candidate), statistics.median(baseline), candidate, baseline)


async def interleaved_async(
    candidate: Callable[[], Awaitable[float]],
    baseline: Callable[[], Awaitable[float]],
    rounds: int,
) -> Pair:
    """`interleaved` for coroutines, on the running event loop."""
    cand: list[float] = []
    base: list[float] = []
    for index in range(rounds):
        if index % 2 == 0:
            base.append(await baseline())
            cand.append(await candidate())
        else:
            cand.append(await candidate())
            base.append(await baseline())
    return pair_of(cand, base)


def ratio_row(name: str, baseline_name: str, pair: Pair, target: float | None, note: str = "") -> Result:
    """A table row from a measured pair of times in seconds (shown in ms)."""
    return Result(
        name=name,
        baseline=baseline_name,
        ratio=pair.ratio,
        target=target,
        candidate_median=pair.candidate * 1000,
        baseline_median=pair.baseline * 1000,
        note=note,
        samples=pair.candidate_samples,
    )


def compare(
    name: str,
    baseline_name: str,
    candidate: Callable[[], float],
    baseline: Callable[[], float],
    settings: Settings,
    target: float | None,
    note: str = "",
) -> Result:
    """A ratio row from two timing callables (each returning seconds)."""
    return ratio_row(name, baseline_name, interleaved(candidate, baseline, settings.rounds), target, note)


def unavailable(name: str, baseline_name: str, target: float | None, why: str) -> Result:
    """A row that could not be measured here, with the reason instead of a figure."""
    return Result(name=name, baseline=baseline_name, ratio=None, target=target, note=why)
