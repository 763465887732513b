"""Property: `result.to_arrow()`, built column by column from the answer, is exactly the table of
`to_arrow(result.to_rows())` (and `result.to_polars()`, made from it, the rows' polars frame), for any well-formed answer of either API (and for the odd values
the rows path skips or rounds), so the two paths cannot drift apart."""

from __future__ import annotations

import json
import sys
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import x_engagement as xe
from tests.support.server import Reply, scripted_server
from tests.table.test_table_properties import _client, enterprise_bodies, v2_bodies
from x_engagement import table
from x_engagement.models import EngagementType, Granularity, GroupBy, V2Metric

GRANULARITIES: list[Granularity] = ["Hourly", "Daily", "Weekly", "Total"]


def same_table(got: pa.Table, rows: list[table.Row]) -> None:
    expected = table.to_arrow(rows)
    assert got.schema == expected.schema
    assert got.equals(expected), (got.to_pylist()[:5], expected.to_pylist()[:5])


@pytest.mark.slow
def test_v2_columnar_table_equals_the_rows_table() -> None:
    with scripted_server() as server, _client(server.url) as client:

        @settings(max_examples=40, deadline=None, derandomize=True)
        @given(drawn=v2_bodies(), granularity=st.sampled_from(GRANULARITIES))
        def one(drawn: tuple[dict[str, Any], list[str], list[V2Metric]], granularity: Granularity) -> None:
            body, posts, metrics = drawn
            server.default = lambda _: Reply(body=json.dumps(body).encode())
            result = client.get_insights_28hr(tweet_ids=posts, granularity=granularity, requested_metrics=metrics)
            same_table(result.to_arrow(), result.to_rows())
            assert result.to_polars().equals(table.to_polars(result.to_rows()))

        one()


def test_enterprise_columnar_table_equals_the_rows_table() -> None:
    with scripted_server() as server, _client(server.url) as client:

        @settings(max_examples=40, deadline=None, derandomize=True)
        @given(drawn=enterprise_bodies(), second=st.booleans())
        def one(drawn: tuple[dict[str, Any], list[str], list[EngagementType], list[GroupBy]], second: bool) -> None:
            body, posts, types, group_by = drawn
            groupings: dict[str, xe.Grouping] = {"g": {"group_by": group_by}}
            if second and len(group_by) < 4:  # two groupings (one 4-level at most): de-duplicated
                body = {**body, "h": body["g"]}
                groupings["h"] = {"group_by": group_by}
            server.default = lambda _: Reply(body=json.dumps(body).encode())
            result = client.get_engagement_28hr(tweet_ids=posts, engagement_types=types, groupings=groupings)
            same_table(result.to_arrow(), result.to_rows())
            assert result.to_polars().equals(table.to_polars(result.to_rows()))

        one()


def test_odd_v2_values_are_skipped_and_rounded_as_the_rows_path_does() -> None:
    point = {
        "tweet_id": "20",
        "value": {
            "timestamp": {"iso8601_time": "2026-11-21T10:00:00.000Z"},
            "metric_values": [
                {"metric_type": "Likes", "metric_value": 7.6},  # rounded
                {"metric_value": 3},  # no name: no row
                {"metric_type": "Replies", "metric_value": 2},
            ],
        },
    }
    rounded = {  # every name there, every count a number: the fast path rounds
        "tweet_id": "20",
        "value": {
            "timestamp": {"iso8601_time": "2026-11-21T11:00:00.000Z"},
            "metric_values": [
                {"metric_type": "Likes", "metric_value": 3.7},
                {"metric_type": "Replies", "metric_value": 4},
            ],
        },
    }
    text = json.dumps({"data": [{"measurement": {"metrics_time_series": [point, rounded]}}]})
    with scripted_server() as server, _client(server.url) as client:
        server.default = lambda _: Reply(body=text.encode())
        result = client.get_insights_28hr(
            tweet_ids=["20"], granularity="Hourly", requested_metrics=["Likes", "Replies"]
        )
        rows = result.to_rows()
        assert [(r.source_metric, r.value) for r in rows] == [
            ("Likes", 8),
            ("Replies", 2),
            ("Likes", 4),
            ("Replies", 4),
        ]
        same_table(result.to_arrow(), rows)


def test_to_polars_without_pyarrow_comes_from_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"data": [{"measurement": {"metrics_total": [{"tweet_id": "20", "value": [
        {"metric_type": "Likes", "metric_value": 3}]}]}}]}  # fmt: skip
    with scripted_server() as server, _client(server.url) as client:
        server.default = lambda _: Reply(body=json.dumps(body).encode())
        result = client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    expected = table.to_polars(result.to_rows())
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` now fails
    with pytest.raises(ImportError):
        result.to_arrow()
    assert result.to_polars().equals(expected)
