"""The dlt source over the poll's rows, loaded into DuckDB twice: merged on the row key, so the
second load (an hour later) adds the new hour, revises the late-counted ones, duplicates nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.mock import truth
from tests.collect.pollmock import poll_mock

pytestmark = pytest.mark.slow

T0 = datetime(2026, 11, 5, 12, 30, tzinfo=UTC)
IDS = ["4101", "4102", "4103"]


def test_two_loads_merge_on_the_row_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # imported here, not at collection: a run that deselects this slow test never loads dlt (~1 s)
    dlt = pytest.importorskip("dlt", reason="the 'dlt' extra is not installed")
    duckdb = pytest.importorskip("duckdb", reason="dlt's duckdb destination is not installed")
    from x_engagement.collect.dlt_source import engagement_source

    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")
    database = tmp_path / "warehouse.duckdb"
    pipeline = dlt.pipeline(
        pipeline_name="x_engagement_test",
        destination=dlt.destinations.duckdb(str(database)),
        dataset_name="engagement",
        pipelines_dir=str(tmp_path / "pipelines"),
    )
    times = []
    with poll_mock(T0) as mock:
        for _ in range(2):
            source = engagement_source(IDS, variant="both", base_url=mock.base_url, chunk_size=2, **mock.credentials())
            pipeline.run(source)
            times.append(mock.clock.now)
            mock.clock.advance(timedelta(hours=1))
    with duckdb.connect(str(database)) as connection:
        rows = connection.sql(
            "SELECT variant, post_id, metric, granularity, start, source_metric, value, fetched_at"
            " FROM engagement.engagement"
        ).fetchall()
    keys = [row[:5] for row in rows]
    assert len(keys) == len(set(keys))  # merged: no key twice
    hours = set(truth.window(times[0])) | set(truth.window(times[1]))
    assert {row[4].astimezone(UTC) for row in rows} == hours
    assert len(rows) == len(IDS) * len(hours) * (26 + 17)  # every v2 metric and Enterprise type
    revised = 0
    for _variant, post_id, _metric, _gran, start, source_metric, value, fetched_at in rows:
        fetched = fetched_at.astimezone(UTC)
        assert value == truth.value(post_id, source_metric, start.astimezone(UTC), fetched)
        revised += fetched == times[1] and start.astimezone(UTC) in truth.window(times[0])
    assert revised > 0  # the hours both windows show now hold the second load's values
