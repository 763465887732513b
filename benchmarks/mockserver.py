"""The contract suite's mock under uvicorn on 127.0.0.1, in its own process, for the HTTP benchmarks.

A separate process (not a thread) so the server's work does not share our GIL: what we time is
the client side, as a user calling a real server would see it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.harness import ROOT, child_environment
from contracts.mock.config import DEFAULT_CREDENTIALS

HOST = "127.0.0.1"
BEARER_TOKEN = DEFAULT_CREDENTIALS["bearer_token"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the mock exited with {process.returncode} before listening")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the mock did not listen on {HOST}:{port} within {timeout:.0f} s")


@contextmanager
def running_mock() -> Iterator[str]:
    """Start `python -m contracts.mock` on a free port; yield its base URL; stop it."""
    port = free_port()
    # a well-behaved mock with the default credentials, whatever X_MOCK_* this shell has set
    env = {k: v for k, v in child_environment().items() if not k.startswith("X_MOCK_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "contracts.mock",
            "--host",
            HOST,
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_listening(port, process)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
