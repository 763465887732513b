"""One table for both APIs: rows agree with the responses they come from, and survive CSV and JSON Lines."""

from __future__ import annotations

import copy
import io
import itertools
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import x_engagement as xe
from generator.errors import SpecError
from generator.model import build_model
from generator.validate import validate_spec
from tests.support.specs import spec
from x_engagement import _spec, table
from x_engagement.models import Granularity
from x_engagement.table import COLUMNS, Row

POSTS = ["1346889436626259968", "20", "21"]
HOUR = timedelta(hours=1)


def _v2(x_mock: Any, granularity: Granularity = "Hourly") -> xe.InsightsResult:
    with xe.Client(**x_mock.client_kwargs()) as c:
        return c.get_insights_28hr(
            tweet_ids=POSTS, granularity=granularity, requested_metrics=["Impressions", "Likes", "Follows"]
        )


def _enterprise(x_mock: Any, groupings: dict[str, Any]) -> xe.EngagementResult:
    with xe.Client(**x_mock.client_kwargs()) as c:
        return c.get_engagement_28hr(
            tweet_ids=POSTS, engagement_types=["impressions", "favorites", "user_follows"], groupings=groupings
        )


# --- the crosswalk ------------------------------------------------------------------------------


def test_every_metric_either_variant_accepts_has_one_canonical_name() -> None:
    model = build_model(spec())
    v2 = {m.v2 for m in model.metrics if m.v2}
    enterprise = {t for m in model.metrics for t in m.enterprise}
    assert len(v2) == 26 and len(enterprise) == 18
    assert table.canonical_metric("v2", "Likes") == table.canonical_metric("enterprise", "favorites") == "likes"
    assert table.canonical_metric("enterprise", "quote_tweets") == "quote_tweets"
    assert table.canonical_metric("v2", "VideoPlayed25Percent") == "video_played_25_percent"
    assert _spec.METRIC_ENTERPRISE["unique_video_views"] == ()  # v2 only, marked in the spec
    assert "link_clicks" in _spec.METRIC_UNCERTAIN
    # a name the spec does not know still gets a snake_case row name
    assert table.canonical_metric("v2", "BrandNewMetric") == "brand_new_metric"
    with pytest.raises(ValueError, match="variant"):
        table.canonical_metric("v3", "Likes")


@pytest.mark.parametrize(
    ("entry", "pointer", "message"),
    [
        ({"v2": "Likez", "enterprise": ["favorites"]}, "#/components/x-metrics/likes/v2", "unknown v2 metric 'Likez'"),
        (
            {"v2": "Likes", "enterprise": ["favourites"]},
            "#/components/x-metrics/likes/enterprise/0",
            "unknown Enterprise engagement type 'favourites'",
        ),
        ({"v2": "Likes"}, "#/components/x-metrics/likes/only", "names v2"),
        ({"v2": "Likes", "enterprise": ["favorites"], "certain": True}, "#/components/x-metrics/likes/certain", ""),
    ],
)
def test_a_crosswalk_entry_the_enums_do_not_back_is_a_spec_error(entry: Any, pointer: str, message: str) -> None:
    document = copy.deepcopy(spec())
    document["components"]["x-metrics"]["likes"] = entry
    validate_spec(document)
    with pytest.raises(SpecError) as caught:
        build_model(document)
    assert caught.value.pointer == pointer and message in caught.value.message


def test_a_metric_missing_from_the_crosswalk_is_a_spec_error() -> None:
    document = copy.deepcopy(spec())
    del document["components"]["x-metrics"]["video_starts"]
    with pytest.raises(SpecError, match="VideoStarts") as caught:
        build_model(document)
    assert caught.value.pointer == "#/components/x-metrics"


# --- rows against the responses -----------------------------------------------------------------


def test_v2_rows_are_the_time_series_then_the_totals(x_mock: Any) -> None:
    result = _v2(x_mock)
    rows = result.to_rows()
    points = list(result.time_series())
    hourly = [r for r in rows if r.granularity == "hour"]
    totals = [r for r in rows if r.granularity == "total"]
    assert len(hourly) == len(points) and len(rows) == len(hourly) + len(totals)
    assert {(p.tweet_id, p.metric, p.timestamp, p.value) for p in points} == {
        (r.post_id, r.source_metric, r.start, r.value) for r in hourly
    }
    assert all(r.end == r.start + HOUR and r.start.tzinfo is UTC for r in hourly if r.start and r.end)
    assert {(r.post_id, r.source_metric): r.value for r in totals} == {
        (post, metric): value for post, metrics in result.totals().items() for metric, value in metrics.items()
    }
    assert all(r.start is None and r.end is None for r in totals)
    assert {r.metric for r in rows} == {"impressions", "likes", "follows"}
    assert {r.variant for r in rows} == {"v2"} and all(type(r.value) is int for r in rows)
    # the mock's totals are the sum of its hours: the total row agrees with the hourly rows
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for r in hourly:
        sums[r.post_id, r.metric] += r.value
    assert sums == {(r.post_id, r.metric): r.value for r in totals}


def test_v2_daily_buckets_end_at_utc_midnight_and_never_overlap(x_mock: Any) -> None:
    rows = _v2(x_mock, "Daily").to_rows()
    daily = [r for r in rows if r.granularity == "day"]
    assert daily
    for r in daily:  # the first bucket starts with the window (e.g. 09:00) and ends at midnight
        assert r.start is not None and r.end is not None
        assert r.end.hour == 0 and timedelta(0) < r.end - r.start <= timedelta(days=1)
    series: dict[tuple[str, str], list[Row]] = {}
    for r in daily:
        series.setdefault((r.post_id, r.metric), []).append(r)
    for buckets in series.values():
        buckets.sort(key=lambda r: r.start or datetime.min)
        assert all(a.end <= b.start for a, b in itertools.pairwise(buckets))  # type: ignore[operator]


def test_enterprise_hourly_rows_equal_the_v2_rows_of_the_same_metric(x_mock: Any) -> None:
    v2 = _v2(x_mock).to_rows()
    ent = _enterprise(
        x_mock, {"hourly": {"group_by": ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]}}
    )
    rows = ent.to_rows()
    leaves = list(ent.rows("hourly"))
    assert len(rows) == len(leaves) and {r.granularity for r in rows} == {"hour"}
    for (post, kind, day, hour), value in leaves[:50]:
        start = datetime.fromisoformat(f"{day}T{hour}:00:00+00:00")
        assert (
            Row(
                post, table.canonical_metric("enterprise", kind), kind, "enterprise", start, start + HOUR, "hour", value
            )
            in rows
        )
    # the same post, metric and hour have the same figure in both variants (Likes = favorites)
    by_key = {(r.post_id, r.metric, r.start): r.value for r in v2 if r.granularity == "hour"}
    shared = [(r, by_key[r.post_id, r.metric, r.start]) for r in rows if (r.post_id, r.metric, r.start) in by_key]
    assert len(shared) > 100 and all(r.value == v for r, v in shared)
    assert {r.source_metric for r, _ in shared} == {"impressions", "favorites", "user_follows"}


def test_enterprise_groupings_map_to_hour_day_and_total_rows(x_mock: Any) -> None:
    result = _enterprise(
        x_mock,
        {
            "perPost": {"group_by": ["tweet.id", "engagement.type"]},
            "byDay": {"group_by": ["engagement.type", "tweet.id", "engagement.day"]},
            "overall": {"group_by": ["engagement.type"]},
            # (a grouping without engagement.type has no metric: it gives no rows)
        },
    )
    totals = result.to_rows("perPost")
    assert {r.granularity for r in totals} == {"total"} and {r.post_id for r in totals} == set(POSTS)
    days = result.to_rows("byDay")
    assert {r.granularity for r in days} == {"day"}
    assert all(r.start and r.end and r.end - r.start == timedelta(days=1) and r.start.hour == 0 for r in days)
    overall = result.to_rows("overall")
    assert {r.post_id for r in overall} == {table.ALL_POSTS} and len(overall) == 3
    # the aggregate equals the per-post totals summed
    assert {r.metric: r.value for r in overall} == {
        m: sum(r.value for r in totals if r.metric == m) for m in ("impressions", "likes", "follows")
    }
    everything = result.to_rows()
    assert len(everything) == len(totals) + len(days) + len(overall)
    with pytest.raises(KeyError, match="nope"):
        result.to_rows("nope")


def test_two_groupings_with_the_same_buckets_give_each_row_once(x_mock: Any) -> None:
    result = _enterprise(
        x_mock,
        {"a": {"group_by": ["tweet.id", "engagement.type"]}, "b": {"group_by": ["engagement.type", "tweet.id"]}},
    )
    assert len(result.to_rows()) == len(result.to_rows("a")) == 9


def test_batch_results_give_rows_of_every_chunk(x_mock: Any) -> None:
    ids = [str(100 + i) for i in range(30)]
    with xe.Client(**x_mock.client_kwargs()) as c:
        batch = c.batch.get_insights_28hr(tweet_ids=ids, granularity="Hourly", requested_metrics=["Likes"])
    merged = batch.merged
    assert merged is not None
    rows = merged.to_rows()
    assert {r.post_id for r in rows} == set(ids) and {r.granularity for r in rows} == {"hour", "total"}
    assert batch.to_rows() == rows and batch.to_records() == table.to_records(rows)
    assert xe.BatchResult(results=[]).to_rows() == []


# --- exports ----------------------------------------------------------------------------------


SAMPLE = [
    Row(
        "20",
        "likes",
        "Likes",
        "v2",
        datetime(2026, 11, 22, 14, tzinfo=UTC),
        datetime(2026, 11, 22, 15, tzinfo=UTC),
        "hour",
        7,
    ),
    Row("20", "likes", "favorites", "enterprise", None, None, "total", 1234567890123),
    Row("*", "quote_tweets", "quote_tweets", "enterprise", None, None, "total", 0),
]


def test_records_have_the_columns_in_order() -> None:
    records = table.to_records(SAMPLE)
    assert [tuple(r) for r in records] == [COLUMNS] * 3
    assert records[0]["start"] == datetime(2026, 11, 22, 14, tzinfo=UTC) and records[1]["end"] is None
    assert table.from_records(records) == SAMPLE


def test_csv_is_what_the_readme_says_and_reads_back(tmp_path: Path) -> None:
    stream = io.StringIO()
    assert table.write_csv(SAMPLE, stream) == 3
    lines = stream.getvalue().splitlines()
    assert lines[0] == "post_id,metric,source_metric,variant,start,end,granularity,value"
    assert lines[1] == "20,likes,Likes,v2,2026-11-22T14:00:00Z,2026-11-22T15:00:00Z,hour,7"
    assert lines[2] == "20,likes,favorites,enterprise,,,total,1234567890123"
    path = tmp_path / "rows.csv"
    assert table.write_csv(iter(SAMPLE), path) == 3
    assert table.read_csv(path) == SAMPLE == table.read_csv(io.StringIO(stream.getvalue()))


def test_jsonl_is_one_object_a_line_and_reads_back(tmp_path: Path) -> None:
    stream = io.StringIO()
    assert table.write_jsonl(SAMPLE, stream) == 3
    first, second, _ = stream.getvalue().splitlines()
    assert first == (
        '{"post_id":"20","metric":"likes","source_metric":"Likes","variant":"v2",'
        '"start":"2026-11-22T14:00:00Z","end":"2026-11-22T15:00:00Z","granularity":"hour","value":7}'
    )
    assert '"start":null,"end":null' in second
    path = tmp_path / "rows.jsonl"
    assert table.write_jsonl(SAMPLE, path) == 3
    assert table.read_jsonl(path) == SAMPLE


def test_a_csv_with_other_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="expected the columns"):
        table.read_csv(io.StringIO("id,value\n1,2\n"))


def test_result_methods_delegate_to_the_table_functions(x_mock: Any, tmp_path: Path) -> None:
    result = _v2(x_mock)
    rows = result.to_rows()
    assert result.to_records() == table.to_records(rows)
    assert result.write_csv(tmp_path / "a.csv") == len(rows) == result.write_jsonl(tmp_path / "a.jsonl")
    assert table.read_csv(tmp_path / "a.csv") == rows == table.read_jsonl(tmp_path / "a.jsonl")


# --- the README's example and the shared surface --------------------------------------------------


def _readme_block(heading: str) -> str:
    text = (Path(xe.__file__).parents[1] / "README.md").read_text()
    section = text.split(heading, 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_table_example_runs_against_the_mock(x_mock: Any, tmp_path: Path, monkeypatch: Any) -> None:
    code = _readme_block("## One table for both APIs")
    assert "xe.Client.from_env()" in code
    code = code.replace("xe.Client.from_env()", "xe.Client(**_kwargs)")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, Any] = {"_kwargs": x_mock.client_kwargs()}
    exec(compile(code, "README.md", "exec"), scope)  # the documented example, verbatim
    rows, hourly = scope["rows"], scope["hourly"]
    assert {r.variant for r in rows} == {"v2", "enterprise"} and {r.metric for r in rows} == {"likes"}
    assert len(table.read_csv(tmp_path / "likes.csv")) == len(scope["v2"].to_rows())
    # both variants' hourly likes of post 20 land on the same keys with the same values
    v2_hours = {(r.post_id, r.metric, r.start): r.value for r in rows if r.variant == "v2" and r.granularity == "hour"}
    assert v2_hours and all(hourly[key] == value for key, value in v2_hours.items())


def test_error_messages_are_lines_on_both_result_types_and_repeats_are_combined(x_mock: Any) -> None:
    with xe.Client(**x_mock.client_kwargs()) as c:
        v2 = c.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    assert v2.error_messages == []
    repeated = ["Tweet ID(s) are unavailable", "Quota", "Tweet ID(s) are unavailable"]
    ent = xe.EngagementResult(groupings={}, group_by={}, errors=repeated)
    assert ent.error_messages == ["Tweet ID(s) are unavailable (x2)", "Quota"]
