"""`fetch` writes rows as each chunk arrives: signals leave whole records, a closed pipe ends quietly,
refused credentials stop the run at the first chunk.

What needs a real process (signals, pipes) runs the installed console script; the rest runs
`x_engagement._cli.main.main` in-process with the user's environment set by monkeypatch.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import SCRIPT, SECRETS, _seconds_to_next, cli_env, ids
from x_engagement._cli.main import main


def in_process(monkeypatch: pytest.MonkeyPatch, mock: Any, **extra: str) -> None:
    """The environment a user would have: the mock's credentials and URL, nothing else X_*."""
    for name in list(os.environ):
        if name.startswith("X_"):
            monkeypatch.delenv(name)
    for name, value in cli_env(mock, **extra).items():
        if name.startswith("X_"):
            monkeypatch.setenv(name, value)


@pytest.mark.subprocess
@pytest.mark.x_mock(rate_limit="2/60")
def test_rows_are_on_disk_before_the_run_ends_and_sigterm_keeps_only_whole_records(x_mock: Any, tmp_path: Path) -> None:
    if _seconds_to_next(60) < 15:  # the window must not reopen while the test waits on it
        time.sleep(_seconds_to_next(60) + 0.5)
    posts = ids(100)  # four requests; two pass, the third waits for the rate limit
    out = tmp_path / "rows.jsonl"
    args = ["fetch", *posts, "--format", "jsonl", "--concurrency", "1", "--progress", "always", "-o", str(out)]
    process = subprocess.Popen(
        [str(SCRIPT), *args], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=cli_env(x_mock)
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    for line in process.stderr:
        if "waiting" in line or time.monotonic() > deadline:
            break
    # streaming: the first two answers' rows are in the file while the run still waits
    before = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["post_id"] for r in before} == set(posts[:50])
    process.send_signal(signal.SIGTERM)
    rest = process.stderr.read()
    assert process.wait(timeout=20) == 143, rest
    assert "Traceback" not in rest
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    rows = [json.loads(line) for line in text.splitlines()]  # every line a whole record
    assert f"wrote the {len(rows)} whole rows fetched before SIGTERM to {out}" in rest
    assert {r["post_id"] for r in rows} == set(posts[:50])


@pytest.mark.subprocess
def test_a_closed_pipe_ends_quietly_with_141(x_mock: Any) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "fetch", *ids(200), "--concurrency", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(x_mock),
    )
    assert process.stdout is not None and process.stderr is not None
    head = [process.stdout.readline() for _ in range(3)]  # what `| head -3` reads
    process.stdout.close()
    code = process.wait(timeout=60)
    err = process.stderr.read().decode()
    assert head[0].startswith(b"post_id,metric") and all(head)
    assert code == 141, err
    assert err == ""  # no traceback, no "Exception ignored", no API error


@pytest.mark.x_mock(**SECRETS)
def test_refused_credentials_stop_at_the_first_chunk_and_are_reported_once(
    x_mock: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    in_process(monkeypatch, x_mock, X_BEARER_TOKEN="wrong-" + SECRETS["bearer_token"])
    for name in ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"):
        monkeypatch.delenv(name)
    code = main(["fetch", *ids(2000), "-m", "likes"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("HTTP 401") == 1 and "(25 posts)" in err  # one request: the first chunk
    assert "stopped: v2 refused the credentials" in err
    assert out == ""  # nothing fetched: no header-only output to mislead
    for secret in SECRETS.values():
        assert secret not in err


def test_the_table_format_streams_with_fixed_columns(
    x_mock: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    in_process(monkeypatch, x_mock)
    assert main(["fetch", *ids(30), "-m", "likes", "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0]
    assert header.split() == ["post_id", "variant", "metric", "granularity", "start", "value"]
    assert len(lines) == 1 + 30 * 28
    value_end = len(header)  # values right-aligned under their header, chunk after chunk
    assert all(len(line) == value_end for line in lines[1:])


def test_parquet_is_written_one_row_group_per_chunk(
    x_mock: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    in_process(monkeypatch, x_mock)
    out = tmp_path / "rows.parquet"
    assert main(["fetch", *ids(60), "-m", "likes", "--format", "parquet", "-o", str(out), "--concurrency", "1"]) == 0
    meta = pq.ParquetFile(out).metadata
    assert meta.num_row_groups == 3 and meta.num_rows == 60 * 28
