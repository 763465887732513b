"""The optional exports: Arrow, Parquet, pandas and polars get the same columns with the documented dtypes."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import x_engagement as xe
from tests.table.test_table import SAMPLE
from x_engagement import table
from x_engagement.table import COLUMNS

STAMP = pa.timestamp("us", tz="UTC")


@pytest.mark.subprocess
def test_importing_the_package_and_the_table_loads_no_extra() -> None:
    probe = (
        "import sys, x_engagement, x_engagement.table; "
        "print(sorted(m for m in ('pyarrow', 'pandas', 'polars', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_arrow_has_the_columns_and_dtypes_the_readme_lists() -> None:
    got = table.to_arrow(SAMPLE)
    assert tuple(got.column_names) == COLUMNS
    assert [str(f.type) for f in got.schema] == [
        "string", "string", "string", "string", "timestamp[us, tz=UTC]", "timestamp[us, tz=UTC]", "string", "int64"
    ]  # fmt: skip
    assert got.to_pylist() == table.to_records(SAMPLE)
    assert table.to_arrow([]).schema == got.schema and table.to_arrow([]).num_rows == 0


def test_parquet_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    assert table.write_parquet(SAMPLE, path) == 3
    back = pq.read_table(path)
    assert back.schema == table.arrow_schema() and table.from_records(back.to_pylist()) == SAMPLE
    buffer = io.BytesIO()
    table.write_parquet(SAMPLE, buffer)
    assert pq.read_table(pa.BufferReader(buffer.getvalue())).num_rows == 3


def test_pandas_dtypes_and_values() -> None:
    frame = table.to_pandas(SAMPLE)
    assert tuple(frame.columns) == COLUMNS
    assert {str(frame[c].dtype) for c in ("post_id", "metric", "source_metric", "variant", "granularity")} == {"str"}
    assert str(frame["start"].dtype) == str(frame["end"].dtype) == "datetime64[us, UTC]"
    assert str(frame["value"].dtype) == "int64" and frame["value"].tolist() == [r.value for r in SAMPLE]
    assert frame["start"][0] == pd.Timestamp(datetime(2026, 11, 22, 14, tzinfo=UTC)) and pd.isna(frame["end"][1])
    assert tuple(table.to_pandas([]).dtypes.astype(str)) == tuple(frame.dtypes.astype(str))


def test_polars_dtypes_and_values() -> None:
    frame = table.to_polars(SAMPLE)
    assert tuple(frame.columns) == COLUMNS
    stamp = pl.Datetime("us", "UTC")
    assert frame.schema == pl.Schema(
        {c: pl.String for c in COLUMNS} | {"start": stamp, "end": stamp, "value": pl.Int64}
    )
    assert frame.to_dicts() == table.to_records(SAMPLE)
    assert table.to_polars([]).schema == frame.schema


def test_a_result_converts_through_the_same_functions(x_mock: Any) -> None:
    with xe.Client(**x_mock.client_kwargs()) as c:
        result = c.get_engagement_28hr(
            tweet_ids=["20", "21"],
            engagement_types=["favorites", "impressions"],
            groupings={"hourly": {"group_by": ["tweet.id", "engagement.type", "engagement.hour"]}},
        )
    rows = result.to_rows()
    assert result.to_arrow().to_pylist() == table.to_records(rows)
    assert len(result.to_pandas()) == len(rows) == result.to_polars().height
    assert result.to_polars().group_by("metric").len().sort("metric")["metric"].to_list() == ["impressions", "likes"]
