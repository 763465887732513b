"""The collector's first run, as a newcomer meets it (issue 20): a new, empty database gets the
schema on first use (SQLite and PostgreSQL); only an older one needs `db upgrade`, and says so;
reading a SQLite file that does not exist is an error, never a new empty file; a bare path is
SQLite; one ids-file grammar for `fetch` and `collect`; compound `--every`; a cycle's log line
counts new and revised values; library calls take missing credentials from the environment."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.collect.pollmock import PollMock, cli, poll_mock, run_cli
from x_engagement.collect import (
    CollectorError,
    backfill,
    check_schema,
    collect,
    connect,
    export,
    known_revisions,
    open_engine,
    upgrade,
)

T0 = datetime(2026, 11, 4, 7, 45, tzinfo=UTC)
IDS = ["2001", "2002", "2003"]
# Every form the grammar takes: a BOM, CRLF, whole-line and trailing comments, blank lines, URLs.
IDS_TEXT = (
    "\ufeff# posts to watch\r\n"
    "2001  # launch post\r\n"
    "\r\n"
    "https://x.com/someone/status/2002\r\n"
    "https://twitter.com/other/status/2003?s=20  # the reply\r\n"
    "2001\r\n"
)


@pytest.fixture
def mock() -> PollMock:  # type: ignore[misc]
    with poll_mock(T0) as running:
        yield running


def stored_posts(url: str) -> set[str]:
    engine = open_engine(url)
    try:
        with connect(engine) as connection:
            assert check_schema(connection) == known_revisions()[1]
            return {row.post_id for row in export(connection)}
    finally:
        engine.dispose()


def test_collect_gives_a_new_empty_database_the_schema(mock: PollMock, database_url: str) -> None:
    stats = collect(database_url, IDS, variant="both", base_url=mock.base_url, handle_signals=False,
                    **mock.credentials())  # fmt: skip
    assert stats.chunks == 2 and stats.new > 0 and not stats.errors
    assert stored_posts(database_url) == set(IDS)


def test_backfill_gives_a_new_empty_database_the_schema(mock: PollMock, database_url: str) -> None:
    stats = backfill(database_url, base_url=mock.base_url, handle_signals=False, **mock.credentials())
    assert stats.requests == 0 and stats.remaining == []  # nothing collected yet: no gap
    assert stored_posts(database_url) == set()


@pytest.mark.subprocess
def test_gaps_and_export_give_an_empty_postgres_database_the_schema(mock: PollMock, postgres_url: str) -> None:
    for command in (["gaps"], ["export", "--format", "csv"], ["failures"]):
        done = run_cli([*command, "--db", postgres_url], mock.env())
        assert done.returncode == 0, done.stderr
    assert stored_posts(postgres_url) == set()


@pytest.mark.subprocess
def test_collect_cli_with_a_bare_path_and_every_form_of_the_ids_grammar(mock: PollMock, tmp_path: Path) -> None:
    path = tmp_path / "posts.txt"
    path.write_bytes(IDS_TEXT.encode())
    done = run_cli(["collect", "--db", "engagement.db", "--ids-file", str(path), "--variant", "both"],
                   mock.env(), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "engagement.db").is_file()  # the bare path is an SQLite file, created
    assert stored_posts(f"sqlite:///{tmp_path / 'engagement.db'}") == set(IDS)
    # the cycle's line says what changed, without -v
    assert "(0 new" not in done.stderr
    assert [line for line in done.stderr.splitlines() if "cycle" in line and "new, " in line and "revised" in line]
    exported = run_cli(["export", "--db", "engagement.db"], mock.env(), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert {row["post_id"] for row in csv.DictReader(io.StringIO(exported.stdout))} == set(IDS)


@pytest.mark.subprocess
def test_collect_reads_ids_from_stdin(mock: PollMock, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    done = subprocess.run(cli("collect", "--db", url, "--ids-file", "-"), input=IDS_TEXT, env=mock.env(),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert stored_posts(url) == set(IDS)


@pytest.mark.subprocess
def test_fetch_reads_the_same_grammar(mock: PollMock, tmp_path: Path) -> None:
    path = tmp_path / "posts.txt"
    path.write_bytes(IDS_TEXT.encode())
    from_file = run_cli(["fetch", "--ids-file", str(path), "--metric", "likes", "--format", "csv"], mock.env())
    assert from_file.returncode == 0, from_file.stderr
    assert [row["post_id"] for row in csv.DictReader(io.StringIO(from_file.stdout))][:1] == ["2001"]
    assert {row["post_id"] for row in csv.DictReader(io.StringIO(from_file.stdout))} == set(IDS)
    piped = subprocess.run(cli("fetch", "--ids-file", "-", "--metric", "likes", "--format", "csv"), input=IDS_TEXT,
                           env=mock.env(), capture_output=True, text=True, timeout=60)  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == from_file.stdout
    url_argument = run_cli(["fetch", "https://x.com/a/status/2002", "--metric", "likes", "--format", "csv"], mock.env())
    assert {row["post_id"] for row in csv.DictReader(io.StringIO(url_argument.stdout))} == {"2002"}


@pytest.mark.subprocess
@pytest.mark.parametrize("command", ["export", "gaps", "failures", "gaps --backfill"])
def test_reading_a_missing_sqlite_file_is_one_line_and_creates_nothing(
    mock: PollMock, tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "typo.db"
    done = run_cli([*command.split(), "--db", str(missing)], mock.env())
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"x-engagement: no database at {missing}: `x-engagement collect` creates it (check --db or $X_ENGAGEMENT_DB)"
    ]
    assert not missing.exists()
    assert mock.ledger.requests == []


@pytest.mark.subprocess
def test_an_older_schema_needs_db_upgrade_and_says_so(mock: PollMock, tmp_path: Path, sqlite_url: str) -> None:
    upgrade(sqlite_url, "0001")
    path = tmp_path / "ids.txt"
    path.write_text("2001\n")
    for command in (["collect", "--ids-file", str(path)], ["gaps"], ["export"]):
        done = run_cli([*command, "--db", sqlite_url], mock.env())
        assert done.returncode == 1, done.stderr
        (line,) = done.stderr.strip().splitlines()
        assert "schema version 0001" in line and "run `x-engagement db upgrade`" in line
    assert mock.ledger.requests == []
    assert run_cli(["db", "upgrade", "--db", sqlite_url], mock.env()).returncode == 0
    assert run_cli(["collect", "--ids-file", str(path), "--db", sqlite_url], mock.env()).returncode == 0


@pytest.mark.subprocess
def test_every_takes_a_compound_duration(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("2001\n")
    url = f"sqlite:///{tmp_path / 'e.db'}"
    with poll_mock(T0) as mock:
        process = subprocess.Popen(cli("collect", "--db", url, "--ids-file", str(path), "--every", "1h30m"),
                                   env=mock.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        assert mock.ledger.wait_for_arrivals(1, 30, alive=lambda: process.poll() is None)  # the one chunk
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "every 1:30:00" in err
    refused = run_cli(["collect", "--db", url, "--ids-file", str(path), "--every", "1h30"], {})
    assert refused.returncode == 2 and "1h30m" in refused.stderr


def test_library_calls_take_missing_credentials_from_the_environment(
    mock: PollMock, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`collect(..., variant="both", bearer_token=...)` with the OAuth 1.0a variables set (and
    X_API_BASE_URL), as README shows it: the rest comes from the environment, as from_env()."""
    for name, value in mock.env().items():
        if name.startswith("X_"):
            monkeypatch.setenv(name, value)
    stats = collect(sqlite_url, IDS, variant="both", bearer_token=mock.config.credentials.bearer_token,
                    handle_signals=False)  # fmt: skip
    assert stats.chunks == 2 and not stats.errors
    monkeypatch.delenv("X_ACCESS_TOKEN")
    with pytest.raises(CollectorError, match=r"missing: X_ACCESS_TOKEN$"):
        collect(sqlite_url, IDS, variant="both", handle_signals=False)
