"""One-line errors, checked before any request: outputs, missing extras, metric names, hosts.

In-process through `x_engagement._cli.main.main`, with the user's environment set by monkeypatch.
A request that should not be sent goes to a closed port: had it been sent, the run would end in
"no response" (exit 1) instead of the usage error asserted.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import SCRIPT, cli_env, ids
from tests.cli.test_cli_streaming import in_process
from x_engagement._cli.main import main


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch) -> str:
    url = closed_port_url()
    for name in ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("X_BEARER_TOKEN", "checks-token-5d1e")
    monkeypatch.setenv("X_API_BASE_URL", url)
    return url


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_an_output_in_a_missing_directory_fails_before_any_request(
    nowhere: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "x.csv"
    assert main(["fetch", "20", "-o", str(target)]) == 2
    assert one_line(capsys.readouterr().err) == f"x-engagement: --output {target}: No such file or directory"


@pytest.mark.parametrize(
    ("argv", "module", "extra"),
    [
        (["fetch", "20", "--format", "parquet", "-o", "x.parquet"], "pyarrow", "arrow"),
        (["collect", "--db", "sqlite:///x.db", "--ids-file", "ids.txt", "--once"], "sqlalchemy", "collect"),
        (["db", "upgrade", "--db", "sqlite:///x.db"], "sqlalchemy", "collect"),
        (["gaps", "--db", "sqlite:///x.db"], "alembic", "collect"),
        (["export", "--db", "sqlite:///x.db"], "sqlalchemy", "collect"),
        (["export", "--db", "postgresql://u@localhost/db"], "psycopg", "postgres"),
        (["plot", "rows.csv", "-o", "x.png"], "matplotlib", "plot"),
    ],
)
def test_a_missing_extra_is_one_line_naming_it_exit_2_nothing_sent(
    nowhere: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    module: str,
    extra: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, module, None)  # what an install without the extra finds
    assert main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert f"pip install 'x-engagement[{extra}]'" in line and module in line
    assert list(tmp_path.iterdir()) == []  # nothing read, nothing written


def test_an_unknown_metric_suggests_the_nearest_and_api_spellings_are_accepted(
    x_mock: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    in_process(monkeypatch, x_mock)
    assert main(["fetch", "20", "--metric", "impresions"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "'impresions'; did you mean impressions?" in line and len(line) < 160
    assert main(["fetch", "20", "--metric", "Impressions,favorites", "--variant", "both"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert {line.split(",")[1] for line in out[1:]} == {"impressions", "likes"}


def test_a_refused_connection_names_the_host(nowhere: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "20", "--timeout", "1"]) == 1  # the deadline cuts the retries short
    err = capsys.readouterr().err
    assert f"no response from {nowhere.removeprefix('http://')}" in err and "Traceback" not in err


@pytest.mark.subprocess
def test_export_gaps_and_fetch_fail_in_one_line_on_a_missing_directory_or_a_full_stdout(
    x_mock: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = cli_env(x_mock)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["db", "upgrade", "--db", db]) == 0
    capsys.readouterr()
    target = tmp_path / "missing" / "rows.csv"
    assert main(["export", "--db", db, "-o", str(target)]) == 2
    assert one_line(capsys.readouterr().err) == f"x-engagement: --output {target}: No such file or directory"
    for argv in (["export", "--db", db], ["gaps", "--db", db], ["fetch", "20"]):  # a real stdout
        with open("/dev/full", "wb") as full:
            done = subprocess.run([str(SCRIPT), *argv], stdout=full, stderr=subprocess.PIPE, text=True, env=env)
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip().endswith("cannot write stdout: No space left on device"), done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_postgresql_host_that_does_not_resolve_is_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # In the environment, as the README says (--db with a password adds a warning line of its own).
    monkeypatch.setenv("X_ENGAGEMENT_DB", "postgresql://user:hunter2-secret@nonexistent.invalid/db")
    assert main(["export"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "cannot connect to the database" in line and "nonexistent.invalid" in line and "hunter2" not in line


def test_plot_refuses_a_missing_directory_and_plots_the_top_posts(
    x_mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    in_process(monkeypatch, x_mock)
    rows = tmp_path / "rows.csv"
    assert main(["fetch", *ids(30), "-m", "likes", "-o", str(rows)]) == 0
    capsys.readouterr()
    target = tmp_path / "missing" / "x.png"
    assert main(["plot", str(rows), "-o", str(target)]) == 2
    assert one_line(capsys.readouterr().err) == f"x-engagement: --output {target}: No such file or directory"
    png = tmp_path / "top.png"
    assert main(["plot", str(rows), "-o", str(png), "--top", "5"]) == 0
    assert "plotted the top 5 posts by total; 25 more left out" in capsys.readouterr().err
    assert png.read_bytes().startswith(b"\x89PNG")
