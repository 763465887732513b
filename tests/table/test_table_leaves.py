"""Enterprise rows and Arrow tables are made a column at a time from the tree (x_engagement._leaves):
on the largest answer they agree cell for cell, and on odd hand-built trees they keep the rules of
a walk leaf by leaf (skip what is not a dict or not exactly an int, work out every bucket)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pytest

import x_engagement as xe
from benchmarks import payloads
from tests.support.server import Reply, scripted_server
from tests.table.test_table_properties import _client
from x_engagement import table
from x_engagement.table import Row

FOUR = ("tweet.id", "engagement.type", "engagement.day", "engagement.hour")


def _result(tree: Any, levels: tuple[str, ...] = FOUR) -> xe.EngagementResult:
    return xe.EngagementResult(groupings={"g": tree}, group_by={"g": levels})


def _hour(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_the_largest_enterprise_answer_gives_the_same_rows_and_arrow_table() -> None:
    largest = payloads.largest_enterprise()
    with scripted_server() as server, _client(server.url) as client:
        server.default = lambda _: Reply(body=largest.body)
        result = client.get_engagement_28hr(**largest.kwargs)
    rows = result.to_rows()
    arrow = result.to_arrow()
    assert len(rows) == arrow.num_rows == 25 * 17 * 29
    assert arrow.schema == table.arrow_schema()
    assert arrow.to_pylist() == table.to_records(rows)  # cell for cell, in order
    assert arrow.equals(table.to_arrow(rows))
    tree = result.groupings["hourly"]  # and the rows say what the tree says, leaf by leaf
    leaves = [
        (post, source, day, hour, count)
        for post, types in tree.items()
        for source, days in types.items()
        for day, hours in days.items()
        for hour, count in hours.items()
    ]
    assert [(r.post_id, r.source_metric, r.start, r.value) for r in rows] == [
        (post, source, datetime.fromisoformat(f"{day}T{hour}:00:00+00:00"), count)
        for post, source, day, hour, count in leaves
    ]


def test_what_is_not_a_dict_or_not_exactly_an_int_gives_no_row() -> None:
    tree = {
        "20": {
            "favorites": {
                "2026-11-21": {"07": 3, "08": True, "09": 1.5, "10": "7", "11": None, "12": 4},
                "2026-11-22": {},
            },
            "retweets": "not a tree",
            "replies": {"2026-11-21": 5},  # a count where the hours should be
        },
        "21": {"impressions": {"2026-11-22": {"00": 9}}},
    }
    result = _result(tree)
    likes = ("likes", "favorites", "enterprise")
    assert result.to_rows() == [
        Row("20", *likes, _hour(21, 7), _hour(21, 8), "hour", 3),
        Row("20", *likes, _hour(21, 12), _hour(21, 13), "hour", 4),
        Row("21", "impressions", "impressions", "enterprise", _hour(22, 0), _hour(22, 1), "hour", 9),
    ]
    assert result.to_arrow().equals(table.to_arrow(result.to_rows()))


def test_empty_nodes_give_no_rows_and_no_runs_in_arrow() -> None:
    by_type_last = ("tweet.id", "engagement.day", "engagement.type")
    tree = {"20": {"2026-11-21": {}, "2026-11-22": {"favorites": 2, "replies": 1}}, "21": {}, "22": {"2026-11-21": {}}}
    result = _result(tree, by_type_last)
    day = (datetime(2026, 11, 22, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC), "day")
    assert result.to_rows() == [
        Row("20", "likes", "favorites", "enterprise", *day, 2),
        Row("20", "replies", "replies", "enterprise", *day, 1),
    ]
    arrow = result.to_arrow()
    assert arrow.schema == table.arrow_schema() and arrow.equals(table.to_arrow(result.to_rows()))
    assert _result({}, by_type_last).to_arrow().equals(table.to_arrow([]))


@pytest.mark.parametrize(
    ("tree", "levels"),
    [
        ({"20": {"favorites": {"21-11-2026": {"07": "not a count"}}}}, FOUR),  # the hour's day
        ({"20": {"21-11-2026": {}}}, ("tweet.id", "engagement.day", "engagement.type")),  # no leaves
    ],
)
def test_a_bad_day_label_raises_even_where_no_count_is_kept(tree: Any, levels: tuple[str, ...]) -> None:
    result = _result(tree, levels)
    with pytest.raises(ValueError, match="21-11-2026"):
        result.to_rows()
    with pytest.raises(ValueError, match="21-11-2026"):
        result.to_arrow()


def test_a_count_beyond_int64_is_a_row_and_no_arrow_value() -> None:
    result = _result({"20": {"favorites": {"2026-11-21": {"07": 2**64}}}})
    assert [r.value for r in result.to_rows()] == [2**64]
    with pytest.raises((OverflowError, pa.ArrowInvalid)):
        result.to_arrow()


def test_nodes_of_the_same_day_and_size_keep_their_own_hours() -> None:
    tree = {"20": {"favorites": {"2026-11-21": {"07": 1, "08": 2}}, "replies": {"2026-11-21": {"10": 3, "09": 4}}}}
    result = _result(tree)
    assert [(r.start, r.end, r.value) for r in result.to_rows()] == [
        (_hour(21, 7), _hour(21, 8), 1),
        (_hour(21, 8), _hour(21, 9), 2),
        (_hour(21, 10), _hour(21, 11), 3),
        (_hour(21, 9), _hour(21, 10), 4),
    ]
    assert result.to_arrow().equals(table.to_arrow(result.to_rows()))


def test_leaves_keyed_by_no_known_level_give_no_rows() -> None:
    result = _result({"20": {"favorites": {"x": 1}}}, ("tweet.id", "engagement.type", "engagement.minute"))
    assert result.to_rows() == []
    assert result.to_arrow().equals(table.to_arrow([]))
