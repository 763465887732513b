"""Issue 22 item 7: the gate reads a target's answers within a size limit and a per-request
timeout, and a target that closes without answering is unreachable, not NONCONFORMANT. Each gate
runs as a subprocess capped at 1.5 GB of address space (before the fix an endless target took it
to 5.8 GB), against a hostile server on 127.0.0.1."""

from __future__ import annotations

import gzip
import os
import resource
import socket
import subprocess
import sys
import threading
import zlib

import pytest

from contracts.target import LIVE_VARIABLES
from contracts.watchdog import DEFAULT_MAX_RESPONSE_BYTES
from tests.contracts.test_gate import ROOT, Run
from tests.support.faults import endless, fault_server, head

pytestmark = pytest.mark.subprocess

FAST = ("--max-examples", "1", "--timeout", "5", "--deadline", "240")
CAP = 1536 * 1024 * 1024


def capped_gate(url: str) -> Run:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    environ = {k: v for k, v in os.environ.items() if k not in LIVE_VARIABLES and not k.startswith("X_MOCK_")}
    done = subprocess.run(
        [sys.executable, "-m", "contracts", "run", "--base-url", url, *FAST],
        check=False, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=280, preexec_fn=limit,
    )  # fmt: skip
    return Run(done.returncode, done.stdout + done.stderr)


def closes_at_once(connection: socket.socket, stop: threading.Event) -> None:
    connection.close()


def gzip_bomb(inflated: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    spaces = b" " * (1 << 20)
    parts = [packer.compress(b"[")] + [packer.compress(spaces) for _ in range(inflated >> 20)]
    return b"".join([*parts, packer.compress(b"]"), packer.flush()])


def test_a_target_that_closes_without_answering_is_unreachable() -> None:
    with fault_server(closes_at_once) as url:
        run = capped_gate(url)
    verdict = f"target unreachable: {url}: the connection was closed without an answer"
    assert (run.code, run.lines[-1]) == (4, f"result: {verdict} (exit 4)"), run.output[-3000:]
    assert "NONCONFORMANT" not in run.output and "Traceback" not in run.output


def test_an_endless_target_is_judged_within_the_size_limit() -> None:
    with fault_server(endless(b"0," * 32768, {"content-type": "application/json"})) as url:
        run = capped_gate(url)
    assert run.code == 1 and run.lines[-1] == "result: NONCONFORMANT (exit 1)", run.output[-3000:]
    assert f"BodyTooLarge: the body is larger than {DEFAULT_MAX_RESPONSE_BYTES:,} bytes" in run.output
    assert "Traceback" not in run.output and "MemoryError" not in run.output


def test_a_gzip_bomb_target_is_judged_within_the_size_limit() -> None:
    bomb = gzip_bomb(256 * 1024 * 1024)  # 256 KB on the wire
    assert len(gzip.decompress(bomb)) == 256 * 1024 * 1024 + 2

    def respond(connection: socket.socket, stop: threading.Event) -> None:
        headers = {"content-type": "application/json", "content-encoding": "gzip", "content-length": str(len(bomb))}
        connection.sendall(head(200, {**headers, "connection": "close"}) + bomb)

    with fault_server(respond) as url:
        run = capped_gate(url)
    assert run.code == 1 and run.lines[-1] == "result: NONCONFORMANT (exit 1)", run.output[-3000:]
    assert "bytes (inflated)" in run.output or "ResponseTooLarge" in run.output
    assert "Traceback" not in run.output and "MemoryError" not in run.output


def test_a_trickling_target_is_unresponsive_not_waited_on() -> None:
    def respond(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(head(200, {"content-type": "application/json", "content-length": "100000"}))
        while not stop.wait(0.5):
            connection.sendall(b" ")

    with fault_server(respond) as url:
        environ = {k: v for k, v in os.environ.items() if k not in LIVE_VARIABLES}
        done = subprocess.run(
            [sys.executable, "-m", "contracts", "run", "--base-url", url, "--max-examples", "1", "--timeout", "1.5"],
            check=False, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=200,
        )  # fmt: skip
    run = Run(done.returncode, done.stdout + done.stderr)
    assert run.code == 5, run.output[-3000:]
    assert run.lines[-1].startswith(
        f"result: target unresponsive: {url}: 3 requests in a row got no answer within 1.5 s"
    )
