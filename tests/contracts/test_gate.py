"""The gate tells breakage from absence: a target that cannot be reached or stops answering gets a
one-line verdict and its own exit code; a broken one gets each failure once and an honest table.

Every target here is a real server (or a closed port) on 127.0.0.1, driven through the CLI.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from contracts import credentials, spec
from contracts import target as targets
from contracts.mock.config import ENV_CREDENTIALS
from contracts.target import LIVE_VARIABLES
from contracts.watchdog import Limits, TargetGone, Verdict, Watchdog, watched_client
from tests.contracts import broken
from tests.contracts.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
FAST = ("--skip-target-independent", "--max-examples", "2")

# Makes name resolution fail on this machine for any name but loopback, exactly as glibc reports a
# missing name, so the DNS test never sends a query to a resolver beyond 127.0.0.1.
RESOLVER_GUARD = """
import socket

_real_getaddrinfo = socket.getaddrinfo
LOCAL = {None, "127.0.0.1", "localhost", "::1", b"127.0.0.1", b"localhost"}


def _local_only(host, *args, **kwargs):
    if host not in LOCAL:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _local_only
"""


@dataclass(frozen=True)
class Run:
    code: int
    output: str

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()


def run_gate(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Run:
    environ = {k: v for k, v in os.environ.items() if k not in LIVE_VARIABLES and not k.startswith("X_MOCK_")}
    environ.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "contracts", "run", *args],
        check=False, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    return Run(done.returncode, done.stdout + done.stderr)


class _Always500(http.server.BaseHTTPRequestHandler):
    """Answers every request with a 500 (or, after `answers` requests, not at all)."""

    answers: int | None = None  # None: answer forever
    served = 0
    lock = threading.Lock()

    def _reply(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        with self.lock:
            type(self).served += 1
            silent = self.answers is not None and self.served > self.answers
        if silent:
            threading.Event().wait(30)  # hold the connection without a word
            return
        body = b'{"title": "boom"}'
        self.send_response(500)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _reply

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def http_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts every connection and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        listener.close()
        for connection in held:
            connection.close()


def assert_one_line_verdict(run: Run, code: int, expected: str) -> None:
    assert run.code == code, run.output[-3000:]
    assert run.lines == [f"result: {expected} (exit {code})"], run.output[-3000:]


@pytest.mark.subprocess
def test_a_closed_port_is_unreachable_in_one_line() -> None:
    port = free_port()
    run = run_gate("--base-url", f"http://127.0.0.1:{port}", *FAST)
    assert_one_line_verdict(run, 4, f"target unreachable: http://127.0.0.1:{port}: connection refused")


@pytest.mark.subprocess
def test_an_unresolvable_host_is_unreachable_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(RESOLVER_GUARD)
    run = run_gate(
        "--base-url", "http://gate-test.invalid:8000", *FAST, "--timeout", "2",
        env={"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}, timeout=60,
    )  # fmt: skip
    assert_one_line_verdict(
        run, 4, "target unreachable: http://gate-test.invalid:8000: host name not resolved (Name or service not known)"
    )


@pytest.mark.subprocess
def test_tls_to_a_plain_http_server_is_unreachable_in_one_line() -> None:
    with http_server(_Always500) as port:
        run = run_gate("--base-url", f"https://127.0.0.1:{port}", *FAST)
    assert run.code == 4, run.output[-3000:]
    assert len(run.lines) == 1, run.output[-3000:]
    assert run.lines[0].startswith(f"result: target unreachable: https://127.0.0.1:{port}: TLS handshake failed (")


class _AnswersTenThenHangs(_Always500):
    answers = 18  # 1 reachability probe, 7 credential probes (500s: not refused), 10 for the suite
    served = 0


def _never_answers() -> tuple[int, Run]:
    with silent_server() as port:
        # The deadline is only a safety net here (the verdict under test comes after 3 silent
        # requests): generous, so a loaded machine's slow start-up cannot reach it first.
        return port, run_gate("--base-url", f"http://127.0.0.1:{port}", *FAST, "--timeout", "0.3", "--deadline", "90")


def _stops_answering_mid_run() -> tuple[int, Run]:
    with http_server(_AnswersTenThenHangs) as port:
        args = ("--timeout", "0.3", "--max-timeouts", "2")
        return port, run_gate("--base-url", f"http://127.0.0.1:{port}", *FAST, *args)


def _outlives_the_deadline() -> tuple[int, Run]:
    with silent_server() as port:
        args = ("--timeout", "30", "--deadline", "1.5", "--max-timeouts", "50")
        return port, run_gate("--base-url", f"http://127.0.0.1:{port}", *FAST, *args)


def _fails_everything() -> tuple[int, Run]:
    with http_server(_Always500) as port:
        return port, run_gate("--base-url", f"http://127.0.0.1:{port}", *FAST)


SCENARIOS = {
    "never_answers": _never_answers,
    "stops_answering_mid_run": _stops_answering_mid_run,
    "outlives_the_deadline": _outlives_the_deadline,
    "fails_everything": _fails_everything,
}


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[int, Run]]:
    """The slower scenarios, three at a time: most of each is the gate's start-up or a timeout."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(scenario) for name, scenario in SCENARIOS.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.subprocess
def test_a_target_that_never_answers_is_unresponsive_within_seconds(runs: dict[str, tuple[int, Run]]) -> None:
    port, run = runs["never_answers"]
    assert run.code == 5, run.output[-3000:]
    verdict = f"target unresponsive: http://127.0.0.1:{port}: 3 requests in a row got no answer within 0.3 s"
    assert run.lines[-1] == f"result: {verdict}, after 0 answered (exit 5)"
    assert "contract summary" in run.output and "no checks ran" in run.output  # the (empty) partial table
    assert "Traceback" not in run.output and "NONCONFORMANT" not in run.output


@pytest.mark.subprocess
def test_a_target_that_stops_answering_mid_run_keeps_its_partial_table(runs: dict[str, tuple[int, Run]]) -> None:
    _, run = runs["stops_answering_mid_run"]
    assert run.code == 5, run.output[-3000:]
    assert run.lines[-1].endswith("2 requests in a row got no answer within 0.3 s, after 18 answered (exit 5)")
    table = run.output.split("contract summary", 1)[1].splitlines()
    assert any(" auth_no_credentials " in line and line.endswith("FAIL") for line in table), run.output[-3000:]
    # only what the target answered is judged: no row for the requests it left unanswered
    assert not any("test_error" in line or "client_call" in line for line in table), run.output[-3000:]


@pytest.mark.subprocess
def test_the_deadline_stops_the_run_with_its_own_verdict(runs: dict[str, tuple[int, Run]]) -> None:
    _, run = runs["outlives_the_deadline"]
    assert run.code == 5, run.output[-3000:]
    assert "the run passed its deadline of 1.5 s (--deadline)" in run.lines[-1]


@pytest.fixture(scope="module")
def server_error_run(runs: dict[str, tuple[int, Run]]) -> Run:
    return runs["fails_everything"][1]


@pytest.mark.subprocess
def test_a_server_that_only_fails_has_no_ok_row(server_error_run: Run) -> None:
    run = server_error_run
    assert run.code == 1 and run.lines[-1] == "result: NONCONFORMANT (exit 1)", run.output[-3000:]
    table = run.output.split("contract summary", 1)[1].splitlines()[2:-2]
    assert len(table) > 50
    assert not [line for line in table if line.endswith(" ok")], run.output
    assert any(" positive_data_acceptance " in line and line.endswith("5xx only") for line in table)


@pytest.mark.subprocess
def test_each_failure_is_printed_once_and_shows_the_status(server_error_run: Run) -> None:
    run = server_error_run
    failures = [line for line in run.lines if line.startswith("getInsights28hr: not_a_server_error: ")]
    assert failures and all(line.startswith("getInsights28hr: not_a_server_error: HTTP 500: ") for line in failures)
    once = "getInsights28hr: auth_no_credentials: HTTP 500 instead of 401"
    assert run.output.count(once) == 1, run.output
    assert "Traceback" not in run.output and "AssertionError" not in run.output


@pytest.mark.subprocess
def test_a_run_without_live_says_so_in_one_line_instead_of_skipping(server_error_run: Run) -> None:
    """Without --live the live tests are not collected: no skip per test, one line saying why."""
    lines = server_error_run.lines
    assert lines.count("live: not asked for (pass --live, with the X_* variables set, to test the live API too)") == 1
    assert not any("live" in line for line in lines if line.strip().endswith("to test the live API")), lines
    assert "\nskipped:" not in server_error_run.output


WRONG = {  # credentials the mock does not accept; none of these values may be printed
    "BEARER_TOKEN": "wrong-bearer-5e1d",
    "CONSUMER_KEY": "wrong-consumer-key-0c4a",
    "CONSUMER_SECRET": "wrong-consumer-secret-8f2b",
    "ACCESS_TOKEN": "wrong-access-token-61e9",
    "ACCESS_TOKEN_SECRET": "wrong-token-secret-d37a",
}


def _no_wrong_value_in(run: Run, junit: Path | None = None) -> None:
    report = junit.read_text() if junit else ""
    for value in WRONG.values():
        assert value not in run.output and value not in report


@pytest.mark.subprocess
def test_a_shells_real_credentials_against_the_mock_are_a_setup_error(uvicorn_mock: str, tmp_path: Path) -> None:
    """X_* variables meeting the mock: every request refused, so one line naming the variables
    (never their values), exit 6, and a JUnit file with one error case saying so."""
    junit = tmp_path / "contracts.xml"
    run = run_gate("--base-url", uvicorn_mock, "--junit", str(junit), env={f"X_{k}": v for k, v in WRONG.items()})
    assert run.code == 6, run.output[-3000:]
    sent = (
        "bearer: X_BEARER_TOKEN; OAuth 1.0a: X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET"
    )
    assert run.lines == [
        f"result: credentials refused: {uvicorn_mock}: all {len(spec.operations())} operations answered HTTP 401 "
        f"to a valid signed request; sent {sent} (exit 6)"
    ], run.output[-3000:]
    (case,) = ET.parse(junit).getroot().iter("testcase")
    error = case.find("error")
    assert case.get("name") == "target_refused" and error is not None and sent in error.get("message", "")
    _no_wrong_value_in(run, junit)


@pytest.mark.subprocess
def test_wrong_credentials_against_the_in_process_mock_are_a_setup_error() -> None:
    """The in-process mock that accepts its defaults, signed with other X_MOCK_* values."""
    run = run_gate(
        "--app", "tests.contracts.broken:mock_without_its_config", env={f"X_MOCK_{k}": v for k, v in WRONG.items()}
    )
    assert run.code == 6, run.output[-3000:]
    assert run.lines == [
        "result: credentials refused: the in-process app: all 7 operations answered HTTP 401 to a valid signed "
        "request; sent bearer: X_MOCK_BEARER_TOKEN; OAuth 1.0a: X_MOCK_CONSUMER_KEY, X_MOCK_CONSUMER_SECRET, "
        "X_MOCK_ACCESS_TOKEN, X_MOCK_ACCESS_TOKEN_SECRET (exit 6)"
    ], run.output[-3000:]
    _no_wrong_value_in(run)


def test_the_same_app_with_the_credentials_it_accepts_is_not_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the refusal above is the credentials', not the wrapper's."""
    for name in ENV_CREDENTIALS.values():
        monkeypatch.delenv(name, raising=False)
    target = targets.in_process(broken.mock_without_its_config)
    try:
        assert credentials.refused(target) is None
    finally:
        target.close()


@pytest.mark.subprocess
def test_a_bad_base_url_is_a_usage_error() -> None:
    run = run_gate("--base-url", "ftp://127.0.0.1:21")
    assert run.code == 2, run.output[-3000:]
    assert "--base-url" in run.output and "ftp://127.0.0.1:21" in run.output


@pytest.mark.subprocess
def test_help_documents_the_exit_codes_and_limits() -> None:
    run = run_gate("--help")
    assert run.code == 0
    for text in ("--timeout", "--deadline", "--max-timeouts", "4    target unreachable", "5    target unresponsive"):
        assert text in run.output


def test_a_target_that_goes_away_mid_run_is_unreachable_and_then_left_alone() -> None:
    watchdog = Watchdog(Limits(timeout=2, max_timeouts=2))
    closed = f"http://127.0.0.1:{free_port()}/"
    with http_server(_Always500) as port, watched_client(watchdog) as http:
        assert http.get(f"http://127.0.0.1:{port}/").status_code == 500
        for _ in range(2):
            with pytest.raises(httpx.ConnectError):
                http.get(closed)
        assert watchdog.verdict == Verdict(
            "unreachable",
            f"target unreachable: {closed.rstrip('/')}: 2 requests in a row could not connect "
            "(last: connection refused), after 1 answered",
        )
        with pytest.raises(TargetGone):  # nothing is sent any more, not even to the live server
            http.get(f"http://127.0.0.1:{port}/")
    assert watchdog.responses == 1
