"""Rows that add up: buckets of one granularity never overlap, and summing `value` over any one
granularity gives the same figure per post and metric (no bucket counted twice), for every source.
In-process through `x_engagement._cli.main.main` against the mock."""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from typing import Any

import pytest

from tests.cli.test_cli import ids
from tests.cli.test_cli_streaming import in_process
from x_engagement._cli.main import main


def fetched(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict[str, str]]:
    assert main(argv) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


@pytest.mark.parametrize("variant", ["v2", "enterprise"])
def test_one_granularity_never_overlaps_and_every_granularity_sums_the_same(
    x_mock: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variant: str
) -> None:
    in_process(monkeypatch, x_mock)
    posts = ids(3)
    sums = {}
    for granularity in ("hour", "day", "total"):
        rows = fetched(capsys, ["fetch", *posts, "--variant", variant, "-m", "impressions,likes",
                                "--granularity", granularity])  # fmt: skip
        assert rows and {r["granularity"] for r in rows} == {granularity}
        spans = sorted((r["post_id"], r["metric"], r["start"], r["end"]) for r in rows if r["start"])
        for a, b in itertools.pairwise(spans):
            assert a[:2] != b[:2] or a[3] <= b[2], (a, b)  # the next bucket starts where one ends
        total: Counter[tuple[str, str]] = Counter()
        for r in rows:
            total[r["post_id"], r["metric"]] += int(r["value"])
        sums[granularity] = total
    assert sums["hour"] == sums["day"] == sums["total"]


def test_an_operation_subcommand_writes_one_granularity_unless_totals_are_asked_for(
    x_mock: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    in_process(monkeypatch, x_mock)
    argv = ["get-insights-28hr", "20", "--granularity", "Hourly", "--requested-metrics", "Likes"]
    assert {r["granularity"] for r in fetched(capsys, argv)} == {"hour"}
    assert {r["granularity"] for r in fetched(capsys, [*argv, "--with-totals"])} == {"hour", "total"}
