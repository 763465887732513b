"""`x-engagement` against the mock on 127.0.0.1, with credentials and the base URL in the environment
exactly as a user would set them, reading what it wrote.

Most tests run the command line in this process (the `cli` fixture, tests/support/cli.py: the same
`main` the console script exits with). The tests marked `subprocess` run the real script the one
`pip install` made: the entry point, its exit codes 1 and 2, Ctrl-C, and the README's commands.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Cli, Run

SCRIPT = Path(sys.executable).parent / "x-engagement"
SECRETS = {
    "bearer_token": "cli-test-bearer-8f2c41",
    "consumer_secret": "cli-test-consumer-secret-77ad",
    "access_token": "cli-test-access-token-19be",
    "access_token_secret": "cli-test-access-secret-c3d0",
}
ENV_NAMES = {
    "bearer_token": "X_BEARER_TOKEN",
    "consumer_key": "X_CONSUMER_KEY",
    "consumer_secret": "X_CONSUMER_SECRET",
    "access_token": "X_ACCESS_TOKEN",
    "access_token_secret": "X_ACCESS_TOKEN_SECRET",
}


def ids(count: int, start: int = 1000) -> list[str]:
    """Post ids the mock serves (none ends in its unavailable suffix, 404)."""
    return [str(start + i) for i in range(count) if not str(start + i).endswith("404")]


def cli_env(mock: Any, **extra: str) -> dict[str, str]:
    """The user's environment: no X_* leftovers from this shell, the mock's credentials and URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    credentials = mock.credentials
    env.update({name: getattr(credentials, key) for key, name in ENV_NAMES.items()})
    env["X_API_BASE_URL"] = mock.base_url
    env.update(extra)
    return env


def run_cli(
    args: list[str], env: Mapping[str, str], stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, text=True, env=dict(env), timeout=timeout
    )


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def assert_clean_failure(done: Run | subprocess.CompletedProcess[str], code: int) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    for secret in SECRETS.values():
        assert secret not in done.stderr and secret not in done.stdout


secret_mock = pytest.mark.x_mock(**SECRETS)


# --- help ---------------------------------------------------------------------------------------


@secret_mock
def test_help_lists_every_operation_with_the_specs_options_and_no_secret(cli: Cli, x_mock: Any) -> None:
    env = cli_env(x_mock)
    top = cli(["--help"], env)
    assert top.returncode == 0, top.stderr
    for name in ("fetch", "plot", "get-insights-28hr", "get-insights-historical", "get-engagement-28hr"):
        assert name in top.stdout
    assert "X_BEARER_TOKEN" in top.stdout and "exit codes" in top.stdout
    v2 = cli(["get-insights-28hr", "--help"], env)
    assert v2.returncode == 0, v2.stderr
    assert "Bucket size of the returned metrics." in v2.stdout  # help text from the spec's description
    assert "{Daily,Hourly,Weekly,Total}" in v2.stdout  # enum choices listed
    assert "Likes" in v2.stdout and "VideoViews" in v2.stdout  # list choices too
    assert "(default: 4)" in v2.stdout  # defaults shown
    fetch = cli(["fetch", "--help"], env)
    assert (
        "--variant VARIANT[,VARIANT...]" in fetch.stdout
        and "both (v2,enterprise)" in fetch.stdout
        and "(default: hour)" in fetch.stdout
    )
    for done in (top, v2, fetch):
        for secret in SECRETS.values():
            assert secret not in done.stdout + done.stderr


@pytest.mark.subprocess
def test_no_command_prints_usage_and_exits_2(x_mock: Any) -> None:
    done = run_cli([], cli_env(x_mock))
    assert done.returncode == 2 and "usage: x-engagement" in done.stderr


# --- fetch: variants, batching, formats ----------------------------------------------------------


def test_fetch_v2_csv_in_more_than_one_chunk(cli: Cli, x_mock: Any, tmp_path: Path) -> None:
    posts = ids(30)  # 25 per request: two requests
    out = tmp_path / "rows.csv"
    done = cli(
        ["fetch", *posts, "--metric", "impressions,likes", "-o", str(out), "--progress", "always"], cli_env(x_mock)
    )
    assert done.returncode == 0, done.stderr
    assert "2/2 requests" in done.stderr  # the progress line counts requests
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == ["post_id", "metric", "source_metric", "variant", "start", "end", "granularity", "value"]
    assert {r["post_id"] for r in rows} == set(posts)
    assert {(r["metric"], r["source_metric"]) for r in rows} == {("impressions", "Impressions"), ("likes", "Likes")}
    assert {r["variant"] for r in rows} == {"v2"} and {r["granularity"] for r in rows} == {"hour"}
    for row in rows:
        start, end = when(row["start"]), when(row["end"])
        assert start.tzinfo is not None and end - start == timedelta(hours=1) and start.minute == 0
        assert int(row["value"]) >= 0
    per_post = {p: sum(1 for r in rows if r["post_id"] == p) for p in posts}
    assert len(set(per_post.values())) == 1 and per_post[posts[0]] >= 2 * 28


def test_fetch_both_variants_one_table_with_the_same_figures(cli: Cli, x_mock: Any) -> None:
    posts = ids(3)
    done = cli(["fetch", *posts, "--variant", "both", "-m", "likes", "-m", "impressions", "--format", "jsonl"],
                   cli_env(x_mock))  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["variant"] for r in rows} == {"v2", "enterprise"}
    assert {(r["variant"], r["metric"], r["source_metric"]) for r in rows} == {
        ("v2", "likes", "Likes"),
        ("v2", "impressions", "Impressions"),
        ("enterprise", "likes", "favorites"),
        ("enterprise", "impressions", "impressions"),
    }
    v2 = {(r["post_id"], r["metric"], r["start"]): r["value"] for r in rows if r["variant"] == "v2"}
    enterprise = {(r["post_id"], r["metric"], r["start"]): r["value"] for r in rows if r["variant"] == "enterprise"}
    shared = set(v2) & set(enterprise)
    assert len(shared) >= 3 * 2 * 27  # the same post, metric and hour from both APIs ...
    assert all(v2[key] == enterprise[key] for key in shared)  # ... agree (the mock serves one truth)


def test_fetch_enterprise_daily_totals_as_csv(cli: Cli, x_mock: Any) -> None:
    done = cli(["fetch", *ids(2), "--variant", "enterprise", "-m", "replies", "--granularity", "total"],
                   cli_env(x_mock))  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)  # stdout is a pipe: CSV by default
    assert len(rows) == 2 and {r["granularity"] for r in rows} == {"total"}
    assert all(r["start"] == "" and r["metric"] == "replies" for r in rows)


def test_fetch_parquet_reads_back_with_pyarrow(cli: Cli, x_mock: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "rows.parquet"
    done = cli(["fetch", *ids(2), "-m", "likes", "--format", "parquet", "-o", str(out)], cli_env(x_mock))
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.column_names[:4] == ["post_id", "metric", "source_metric", "variant"]
    assert set(table.column("post_id").to_pylist()) == set(ids(2))
    assert str(table.schema.field("value").type) == "int64"
    assert table.num_rows >= 2 * 28


def test_table_format_aligns_columns(cli: Cli, x_mock: Any) -> None:
    done = cli(["fetch", "20", "-m", "likes", "--format", "table"], cli_env(x_mock))
    assert done.returncode == 0, done.stderr
    header, first, *_ = done.stdout.splitlines()
    assert header.split() == ["post_id", "variant", "metric", "granularity", "start", "value"]
    assert first.split()[:4] == ["20", "v2", "likes", "hour"] and first.rstrip().endswith(first.split()[-1])
    assert "UTC" in first


def test_ids_from_stdin_and_a_file_with_comments_deduplicated(cli: Cli, x_mock: Any, tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_text("# my posts\n1001\n\n1002  # launch day\n1001\n", encoding="utf-8")
    done = cli(["fetch", "-", "--ids-file", str(listing), "-m", "likes"], cli_env(x_mock), stdin="1003\n1002\n")
    assert done.returncode == 0, done.stderr
    assert {r["post_id"] for r in csv_rows(done.stdout)} == {"1001", "1002", "1003"}


def test_an_operation_subcommand_takes_the_specs_parameters(cli: Cli, x_mock: Any) -> None:
    groupings = json.dumps({"per_type": {"group_by": ["tweet.id", "engagement.type"]}})
    done = cli(["get-engagement-totals", *ids(3), "--engagement-types", "favorites,replies",
                    "--groupings", groupings], cli_env(x_mock))  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert {(r["metric"], r["variant"], r["granularity"]) for r in rows} == {
        ("likes", "enterprise", "total"),
        ("replies", "enterprise", "total"),
    }
    assert {r["post_id"] for r in rows} == set(ids(3))


# --- errors -------------------------------------------------------------------------------------


@secret_mock
def test_a_bad_id_in_a_file_is_named_by_line_before_any_request(cli: Cli, x_mock: Any, tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_text("# header\n1001\n\n12a4\n1002\n", encoding="utf-8")
    done = cli(["fetch", "--ids-file", str(listing)], cli_env(x_mock))
    assert_clean_failure(done, 2)
    assert f"{listing}:4: '12a4' is not a post id" in done.stderr
    assert done.stdout == ""


@secret_mock
def test_invalid_request_lines_are_printed_and_exit_2(cli: Cli, x_mock: Any) -> None:
    done = cli(["get-insights-28hr", "20", "--granularity", "Hourly", "--requested-metrics", "Likes,Likez"],
                   cli_env(x_mock))  # fmt: skip
    assert_clean_failure(done, 2)
    assert "invalid request" in done.stderr and "Likez" in done.stderr
    assert done.stdout == ""


@secret_mock
def test_an_unknown_metric_name_suggests_the_nearest(cli: Cli, x_mock: Any) -> None:
    done = cli(["fetch", "20", "-m", "lykes"], cli_env(x_mock))
    assert_clean_failure(done, 2)
    assert "'lykes'; did you mean likes?" in done.stderr


@pytest.mark.subprocess
@secret_mock
def test_an_api_error_prints_status_problem_type_and_detail_and_exits_1(x_mock: Any) -> None:
    env = cli_env(x_mock, X_BEARER_TOKEN="wrong-" + SECRETS["bearer_token"])
    for name in ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"):
        del env[name]
    done = run_cli(["fetch", "20", "-m", "likes"], env)
    assert_clean_failure(done, 1)
    assert "HTTP 401" in done.stderr and "type: " in done.stderr
    assert "detail: " in done.stderr or "title: " in done.stderr


@secret_mock
def test_missing_credentials_and_bad_base_urls_exit_2(cli: Cli, x_mock: Any) -> None:
    env = {k: v for k, v in cli_env(x_mock).items() if k not in ENV_NAMES.values()}
    done = cli(["fetch", "20"], env)
    assert_clean_failure(done, 2)
    assert "X_BEARER_TOKEN" in done.stderr
    with_user = f"http://user:{SECRETS['consumer_secret']}@127.0.0.1:1"
    done = cli(["fetch", "20", "--base-url", with_user], cli_env(x_mock))
    assert_clean_failure(done, 2)
    assert "--base-url" in done.stderr
    done = cli(["fetch", "20"], cli_env(x_mock, X_API_BASE_URL="ftp://127.0.0.1"))
    assert_clean_failure(done, 2)
    assert "X_API_BASE_URL" in done.stderr


# --- rate limits and Ctrl-C ----------------------------------------------------------------------


@pytest.mark.slow  # real rate-limit windows: it waits seconds
@pytest.mark.x_mock(rate_limit="1/2")
def test_rate_limit_waits_are_shown_with_the_reset_time(cli: Cli, x_mock: Any) -> None:
    posts = ids(60)  # three requests, one allowed per 2-second window
    done = cli(["fetch", *posts, "-m", "likes", "--concurrency", "1", "--progress", "always"], cli_env(x_mock))
    assert done.returncode == 0, done.stderr
    waits = [line for line in done.stderr.splitlines() if "waiting" in line]
    assert waits, done.stderr
    assert "for the rate limit (HTTP 429); resets at " in waits[0] and waits[0].endswith("UTC")
    assert {r["post_id"] for r in csv_rows(done.stdout)} == set(posts)


@pytest.mark.slow  # real rate-limit windows: it waits seconds
@pytest.mark.x_mock(rate_limit="1/60")
def test_a_rate_limit_longer_than_max_wait_is_an_api_error_after_the_rows_fetched(cli: Cli, x_mock: Any) -> None:
    if _seconds_to_next(60) < 5:
        time.sleep(_seconds_to_next(60) + 0.5)
    posts = ids(30)  # two requests; the second would wait for the next minute
    done = cli(["fetch", *posts, "-m", "likes", "--concurrency", "1", "--max-wait", "1"], cli_env(x_mock))
    assert_clean_failure(done, 1)
    assert "HTTP 429" in done.stderr and "(5 posts)" in done.stderr
    assert "(rate limit; resets at " in done.stderr
    assert {r["post_id"] for r in csv_rows(done.stdout)} == set(posts[:25])  # the first request's rows


def _seconds_to_next(window: int) -> float:
    now = time.time()
    return window - now % window


@pytest.mark.subprocess
@pytest.mark.x_mock(rate_limit="2/60")
def test_ctrl_c_exits_130_after_writing_the_rows_already_fetched(x_mock: Any, tmp_path: Path) -> None:
    if _seconds_to_next(60) < 15:  # the window must not reopen while the test waits on it
        time.sleep(_seconds_to_next(60) + 0.5)
    posts = ids(100)  # four requests; two pass, the third waits (15-60 s) for the rate limit
    out = tmp_path / "rows.csv"
    args = ["fetch", *posts, "-m", "likes", "--concurrency", "1", "--progress", "always", "-o", str(out)]
    process = subprocess.Popen(
        [str(SCRIPT), *args], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=cli_env(x_mock)
    )
    assert process.stderr is not None
    seen = []
    deadline = time.monotonic() + 30
    for line in process.stderr:
        seen.append(line)
        if "waiting" in line or time.monotonic() > deadline:
            break
    assert any("waiting" in line for line in seen), seen
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=20) == 130, rest
    assert "Traceback" not in rest and "interrupted" in rest
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert {r["post_id"] for r in rows} == set(posts[:50])  # the two requests that were answered


# --- plot ---------------------------------------------------------------------------------------


def test_plot_draws_a_png_of_the_hourly_series(cli: Cli, x_mock: Any, tmp_path: Path) -> None:
    from PIL import Image

    rows = tmp_path / "rows.csv"
    png = tmp_path / "engagement.png"
    env = cli_env(x_mock)
    fetched = cli(["fetch", *ids(3), "-m", "impressions,likes", "-o", str(rows)], env)
    assert fetched.returncode == 0, fetched.stderr
    done = cli(["plot", str(rows), "-o", str(png)], env)
    assert done.returncode == 0, done.stderr
    with Image.open(png) as image:
        assert image.format == "PNG"
        width, height = image.size
        assert width == 1000 and height >= 500  # 10 inches at 100 dpi; two panels
        pixels = image.convert("L").resize((200, 200))
        histogram = pixels.histogram()
    dark = sum(histogram[:200])  # anything not near-white: axes, labels, lines
    assert dark > 0.02 * 200 * 200, "the image is blank"
    assert sum(1 for count in histogram if count) > 20  # more than a flat fill: lines and text
    piped = cli(["plot", "-", "-o", str(tmp_path / "piped.png"), "--title", "From stdin"], env,
                    stdin=rows.read_text(encoding="utf-8"))  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert (tmp_path / "piped.png").stat().st_size > 10_000


def test_plot_refuses_rows_without_an_hourly_series(cli: Cli, x_mock: Any, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    fetched = cli(["fetch", "20", "-m", "likes", "--granularity", "total", "--format", "jsonl", "-o", str(rows)],
                      cli_env(x_mock))  # fmt: skip
    assert fetched.returncode == 0, fetched.stderr
    done = cli(["plot", str(rows), "-o", str(tmp_path / "x.png")], cli_env(x_mock))
    assert_clean_failure(done, 2)
    assert "no hourly rows" in done.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.subprocess
def test_the_readme_opens_with_the_three_line_path(x_mock: Any, tmp_path: Path) -> None:
    """The README's first commands, run as written (the mock standing in for X)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.startswith("x-engagement ")]
    assert len(commands) == 2 and "fetch" in commands[0] and "plot" in commands[1]
    env = cli_env(x_mock)
    for command in commands:
        args = command.split()[1:]
        done = subprocess.run([str(SCRIPT), *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, (command, done.stderr)
    assert (tmp_path / "engagement.csv").stat().st_size > 0 and (tmp_path / "engagement.png").stat().st_size > 10_000


def test_results_are_timezone_aware_utc(cli: Cli, x_mock: Any) -> None:
    done = cli(["fetch", "20", "-m", "likes"], cli_env(x_mock))
    starts = [when(r["start"]) for r in csv_rows(done.stdout)]
    assert all(s.utcoffset() == timedelta(0) for s in starts)
    assert max(starts) <= datetime.now(UTC)
