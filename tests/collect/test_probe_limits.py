"""The collector's start-up request (`GET /` for the server's clock) has the client's limits: a
server that trickles its answer is cut at the deadline, one that sends an endless body at
max_response_bytes, and SIGTERM or SIGINT end the wait at once with one line."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.collect.pollmock import cli
from tests.support.faults import fault_server, head
from x_engagement.collect import ApiUnreachable, collect, upgrade

DATE = "Mon, 02 Nov 2026 09:30:00 GMT"
TOKEN = "probe-Bearer-Secret-0815"
PIECE = b"x" * 65536
SERVER_CAP = 256 * 1024 * 1024  # the "endless" body stops here, so an unbounded client cannot take the machine


ARRIVED = threading.Event()  # a probe is being trickled to


def trickling(connection: socket.socket, stop: threading.Event) -> None:
    """The head, one byte every 0.2 s: each read returns, no per-read timeout ever fires."""
    ARRIVED.set()
    for byte in head(200, {"date": DATE, "content-length": "2"}) + b"{}":
        if stop.wait(0.2):
            return
        connection.sendall(bytes([byte]))


def endless(connection: socket.socket, stop: threading.Event) -> None:
    connection.sendall(head(200, {"date": DATE, "connection": "close"}))
    sent = 0
    while not stop.is_set() and sent < SERVER_CAP:
        connection.sendall(PIECE)
        sent += len(PIECE)


def environment(url: str, db: str) -> dict[str, str]:
    from tests.collect.pollmock import REPO

    return {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "X_BEARER_TOKEN": TOKEN,
            "X_API_BASE_URL": url, "X_ENGAGEMENT_DB": db}  # fmt: skip


def test_a_trickling_clock_probe_ends_at_the_deadline(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    with fault_server(trickling) as url:
        started = time.monotonic()
        with pytest.raises(ApiUnreachable, match=r"cannot reach the API at .*deadline 1\.0 s"):
            collect(sqlite_url, ["20"], base_url=url, bearer_token=TOKEN, deadline=1.0)  # 5 bytes in
        elapsed = time.monotonic() - started
    assert elapsed < 6, elapsed


@pytest.mark.subprocess
def test_an_endless_clock_probe_body_ends_at_max_response_bytes(tmp_path: Path, sqlite_url: str) -> None:
    upgrade(sqlite_url)
    ids = tmp_path / "ids.txt"
    ids.write_text("20\n")
    with fault_server(endless) as url:
        started = time.monotonic()
        done = subprocess.run(cli("collect", "--ids-file", str(ids)), env=environment(url, sqlite_url),
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in done.stderr, done.stderr  # the start line, the error
    assert "more than 67108864 bytes (max_response_bytes)" in lines[-1]
    assert TOKEN not in done.stderr + done.stdout
    assert elapsed < 60, elapsed


@pytest.mark.subprocess
@pytest.mark.parametrize(("sent", "code"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_a_signal_ends_a_trickling_clock_probe_at_once(
    tmp_path: Path, sqlite_url: str, sent: signal.Signals, code: int
) -> None:
    upgrade(sqlite_url)
    ids = tmp_path / "ids.txt"
    ids.write_text("20\n")
    ARRIVED.clear()
    with fault_server(trickling) as url:
        process = subprocess.Popen(cli("collect", "--ids-file", str(ids), "--every", "1h"),
                                   env=environment(url, sqlite_url), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        try:
            assert ARRIVED.wait(60), "the collector never sent its clock probe"
            time.sleep(0.5)  # inside the probe's trickle (signal handlers are set before it)
            sent_at = time.monotonic()
            process.send_signal(sent)
            out, err = process.communicate(timeout=30)
            took = time.monotonic() - sent_at
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert f"{sent.name} received" in err.strip().splitlines()[-1]
    assert TOKEN not in err + out
    assert took < 2, took
