"""`x-engagement collect`, `gaps` and `db upgrade` as a user runs them, against the loopback mock:
in this process through the `cli` fixture (tests/support/cli.py), the user's environment set by
monkeypatch; the real console script in a subprocess for `collect --help` and the signals. Bad input is one line and a non-zero exit, before any
request and with nothing written; no secret reaches any output; a signal ends a long-lived
collector after the write in progress; a 40-hour lapse is reported exactly by `gaps`."""

from __future__ import annotations

import signal
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from contracts.mock import truth
from tests.collect.pollmock import PollMock, poll_mock, run_cli
from tests.collect.pollmock import cli as console_command
from tests.support.cli import Cli, Run
from tests.support.postgres import PostgresServer
from x_engagement._cli.main import main as cli_main
from x_engagement.collect import collect, connect, open_engine, upgrade
from x_engagement.collect.work import work

T0 = datetime(2026, 11, 4, 7, 45, tzinfo=UTC)
IDS = ["2001", "2002", "2003"]
DB_PASSWORD = "pg-Secret-4711"


@pytest.fixture
def mock() -> PollMock:  # type: ignore[misc]
    with poll_mock(T0) as running:
        yield running


def ids_file(tmp_path: Path, text: str = "\n".join(IDS) + "\n") -> Path:
    path = tmp_path / "ids.txt"
    path.write_text(text)
    return path


def secrets_of(mock: PollMock) -> list[str]:
    c = mock.config.credentials
    return [DB_PASSWORD, c.bearer_token, c.consumer_secret, c.access_token, c.access_token_secret]


def assert_one_line_error(done: Run | subprocess.CompletedProcess[str], mock: PollMock, *expected: str) -> None:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    for secret in secrets_of(mock):
        assert secret not in done.stderr + done.stdout
    assert mock.ledger.requests == []  # nothing fetched


def work_rows(url: str) -> int:
    engine = open_engine(url)
    try:
        with connect(engine) as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(work)).scalar() or 0)
    finally:
        engine.dispose()


def test_unreadable_ids_file(cli: Cli, mock: PollMock, tmp_path: Path, sqlite_url: str) -> None:
    upgrade(sqlite_url)
    missing = tmp_path / "nope.txt"
    done = cli(["collect", "--db", sqlite_url, "--ids-file", str(missing)], mock.env())
    assert_one_line_error(done, mock, "cannot read the ids file", "nope.txt")
    assert done.returncode == 2


def test_bad_id_named_by_its_line_and_nothing_written(
    cli: Cli, mock: PollMock, tmp_path: Path, sqlite_url: str
) -> None:
    upgrade(sqlite_url)
    path = ids_file(tmp_path, "2001\n# a comment\n20x2\n2003\n")
    done = cli(["collect", "--db", sqlite_url, "--ids-file", str(path)], mock.env())
    assert_one_line_error(done, mock, f"{path}:3", "'20x2'")
    assert done.returncode == 2
    assert work_rows(sqlite_url) == 0


def test_unreachable_database_hides_its_password(cli: Cli, mock: PollMock, tmp_path: Path) -> None:
    url = f"postgresql://collector:{DB_PASSWORD}@127.0.0.1:9/nowhere"
    done = cli(["collect", "--ids-file", str(ids_file(tmp_path))], mock.env(X_ENGAGEMENT_DB=url))
    assert_one_line_error(done, mock, "cannot connect", "collector:***@127.0.0.1:9")
    assert done.returncode == 1


@pytest.mark.parametrize("form", ["user-info", "query"])
def test_a_password_typed_in_db_is_warned_about_and_never_shown(
    cli: Cli, mock: PollMock, tmp_path: Path, form: str
) -> None:
    url = (
        f"postgresql://collector:{DB_PASSWORD}@127.0.0.1:9/nowhere"
        if form == "user-info"
        else f"postgresql://collector@127.0.0.1:9/nowhere?password={DB_PASSWORD}&connect_timeout=3"
    )
    done = cli(["collect", "--db", url, "--ids-file", str(ids_file(tmp_path))], mock.env())
    warning, error = done.stderr.strip().splitlines()
    assert "--db carries a password" in warning and "X_ENGAGEMENT_DB" in warning and "~/.pgpass" in warning
    assert "cannot connect" in error and done.returncode == 1
    for secret in secrets_of(mock):
        assert secret not in done.stderr + done.stdout
    from_env = cli(["collect", "--ids-file", str(ids_file(tmp_path))], mock.env(X_ENGAGEMENT_DB=url))
    assert "warning" not in from_env.stderr and len(from_env.stderr.strip().splitlines()) == 1


def test_a_password_in_the_url_query_is_masked_in_upgrade_start_line_and_errors(
    cli: Cli, mock: PollMock, tmp_path: Path, postgres: PostgresServer
) -> None:
    url = postgres.create_database("poll_query_pw") + f"?password={DB_PASSWORD}"
    env = mock.env(X_ENGAGEMENT_DB=url)
    upgraded = cli(["db", "upgrade"], env)
    done = cli(["collect", "--ids-file", str(ids_file(tmp_path)), "-v"], env)
    unreachable = url.replace(f":{postgres.port}/", ":9/") + "&connect_timeout=3"
    failed = cli(["collect", "--ids-file", str(ids_file(tmp_path))], mock.env(X_ENGAGEMENT_DB=unreachable))
    assert upgraded.returncode == 0 and done.returncode == 0, upgraded.stderr + done.stderr
    assert "password=***" in upgraded.stderr and "password=***" in done.stderr
    assert failed.returncode == 1 and "password=***" in failed.stderr
    for secret in secrets_of(mock):
        for output in (upgraded, done, failed):
            assert secret not in output.stderr + output.stdout


def test_read_only_database(cli: Cli, mock: PollMock, tmp_path: Path, postgres: PostgresServer) -> None:
    url = postgres.create_database("poll_read_only")
    upgrade(url)
    postgres.execute("ALTER DATABASE poll_read_only SET default_transaction_read_only = on")
    done = cli(["collect", "--db", url, "--ids-file", str(ids_file(tmp_path))], mock.env())
    assert_one_line_error(done, mock, "refused a write")
    postgres.execute("ALTER DATABASE poll_read_only SET default_transaction_read_only = off")
    assert work_rows(url) == 0


def test_database_at_a_newer_schema_version(cli: Cli, mock: PollMock, tmp_path: Path, sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = open_engine(sqlite_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    done = cli(["collect", "--db", sqlite_url, "--ids-file", str(ids_file(tmp_path))], mock.env())
    assert_one_line_error(done, mock, "newer than this x-engagement")
    upgraded = cli(["db", "upgrade", "--db", sqlite_url], mock.env())
    assert_one_line_error(upgraded, mock, "newer than this x-engagement")


@pytest.mark.subprocess
def test_help_shows_no_secret(
    mock: PollMock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console script's --help for collect (a subprocess) and the other collector commands
    (the same parser, in-process) with a password in $X_ENGAGEMENT_DB and credentials set."""
    env = mock.env(X_ENGAGEMENT_DB=f"postgresql://collector:{DB_PASSWORD}@127.0.0.1:9/db")
    done = run_cli(["collect", "--help"], env)
    assert done.returncode == 0, done.stderr
    texts = [done.stdout + done.stderr]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for command in (["gaps"], ["db", "upgrade"], ["export"]):
        assert cli_main([*command, "--help"]) == 0
        texts.append(capsys.readouterr().out)
    for text in texts:
        assert "--db URL" in text
        for secret in secrets_of(mock):
            assert secret not in text


def test_db_upgrade_then_collect_logs_the_database_without_password(
    cli: Cli, mock: PollMock, tmp_path: Path, postgres: PostgresServer
) -> None:
    url = postgres.create_database("poll_logged").replace("postgres@", f"postgres:{DB_PASSWORD}@")
    env = mock.env(X_ENGAGEMENT_DB=url)
    upgraded = cli(["db", "upgrade"], env)
    assert upgraded.returncode == 0, upgraded.stderr
    done = cli(["collect", "--ids-file", str(ids_file(tmp_path)), "--variant", "enterprise", "-v"], env)
    assert done.returncode == 0, done.stderr
    assert "postgres:***@" in done.stderr and "chunk 1" in done.stderr
    for secret in secrets_of(mock):
        assert secret not in upgraded.stderr + done.stderr + done.stdout
    assert len(mock.ledger.requests) == 1


@pytest.mark.subprocess
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_a_signal_ends_every_after_the_write_in_progress(
    tmp_path: Path, sqlite_url: str, signum: int, code: int
) -> None:
    upgrade(sqlite_url)
    path = ids_file(tmp_path, "\n".join(str(3000 + n) for n in range(20)) + "\n")
    with poll_mock(T0, latency=0.3) as mock:
        command = console_command(
            "collect", "--db", sqlite_url, "--ids-file", str(path), "--every", "1h", "--chunk-size", "2"
        )
        process = subprocess.Popen(command, env=mock.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert mock.ledger.wait_for_arrivals(2, 30, alive=lambda: process.poll() is None)
        process.send_signal(signum)  # the second request is in flight
        _out, err = process.communicate(timeout=30)
        answered = [r for r in mock.ledger.requests if r.status == 200]
    assert process.returncode == code, err
    assert "stopping after the write in progress" in err and "Traceback" not in err
    assert len(answered) == 2  # the one in flight finished; no new one started
    engine = open_engine(sqlite_url)
    with connect(engine) as connection:
        polled = connection.execute(sa.select(sa.func.count()).select_from(work).where(work.c.polls > 0)).scalar()
    engine.dispose()
    assert polled == 2  # and its rows were committed with it


def test_gaps_reports_a_40_hour_lapse_exactly(cli: Cli, mock: PollMock, sqlite_url: str) -> None:
    upgrade(sqlite_url)
    times = [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=41)]  # then 40 hours without a poll
    for moment in times:
        mock.clock.set(moment)
        collect(sqlite_url, IDS, variant="both", base_url=mock.base_url, handle_signals=False, **mock.credentials())
    done = cli(["gaps", "--db", sqlite_url], mock.env())
    assert done.returncode == 0, done.stderr
    start = truth.window(times[1])[-1] + timedelta(hours=1)
    end = truth.window(times[2])[0]
    assert end - start == timedelta(hours=12)  # 40 hours of lapse, 28 of them still in the window
    z = {moment: moment.isoformat().replace("+00:00", "Z") for moment in (start, end)}
    expected = ["variant,post_id,start,end,hours"] + [
        f"{variant},{post_id},{z[start]},{z[end]},12" for variant in ("enterprise", "v2") for post_id in IDS
    ]
    assert done.stdout.splitlines() == expected


def test_export_writes_the_stored_rows_filtered(cli: Cli, mock: PollMock, sqlite_url: str, tmp_path: Path) -> None:
    import json

    from x_engagement.collect import export

    upgrade(sqlite_url)
    collect(sqlite_url, IDS, variant="both", base_url=mock.base_url, handle_signals=False, **mock.credentials())
    since = truth.window(T0)[-5]
    out = tmp_path / "rows.jsonl"
    done = cli(
        ["export", "--db", sqlite_url, "--since", since.isoformat(), "--ids", "2001,2003", "--variant", "enterprise",
         "--format", "jsonl", "-o", str(out)],
        mock.env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = [json.loads(line) for line in out.read_text().splitlines()]
    engine = open_engine(sqlite_url)
    with connect(engine) as connection:
        expected = list(export(connection, since=since, ids=["2001", "2003"], variant="enterprise"))
    engine.dispose()
    assert len(written) == len(expected) == 2 * 17 * 5  # 2 posts, 17 types, the last 5 hours
    assert [(r["post_id"], r["source_metric"], r["value"]) for r in written] == [
        (r.post_id, r.source_metric, r.value) for r in expected
    ]
    assert all(r["value"] == truth.value(r["post_id"], r["source_metric"], datetime.fromisoformat(r["start"]), T0)
               for r in written)  # fmt: skip
