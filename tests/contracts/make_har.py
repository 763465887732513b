"""Write a HAR with mitmproxy (a real proxy from PyPI), for the replay tests: nothing hand-typed.

    python -m tests.contracts.make_har MITMDUMP OUT.har

starts the mock under uvicorn on 127.0.0.1, mitmdump as a reverse proxy in front of it with
`--set hardump=OUT.har`, runs the recording session of tests/contracts/recordings.py through the
proxy, and stops mitmdump with SIGINT (it writes the HAR on shutdown). mitmproxy is not a project
dependency (it pins much of its own stack): install it in a scratch venv,
`python -m venv /tmp/mitm && /tmp/mitm/bin/pip install mitmproxy==11.0.2` (the last release for
Python 3.11), and pass /tmp/mitm/bin/mitmdump. tests/contracts/data/mitmproxy-session.har was
written this way; test_replay.py also runs this live when `X_MITMDUMP` names a mitmdump.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import uvicorn

from contracts.mock import MockConfig, create_app
from tests.contracts.recordings import record_session


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def make_har(mitmdump: str, out: Path) -> Path:
    mock_port, proxy_port = _free_port(), _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(MockConfig()),
            host="127.0.0.1",
            port=mock_port,
            log_level="error",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    proxy = subprocess.Popen(
        [mitmdump, "-q", "--mode", f"reverse:http://127.0.0.1:{mock_port}", "--listen-host", "127.0.0.1",
         "--listen-port", str(proxy_port), "--set", f"hardump={out}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(mock_port, time.monotonic() + 10)
        _wait_for(proxy_port, time.monotonic() + 30)
        with_jsonl = out.with_suffix(".jsonl")
        record_session(f"http://127.0.0.1:{proxy_port}", with_jsonl)
        with_jsonl.unlink()
    finally:
        proxy.send_signal(signal.SIGINT)
        _, err = proxy.communicate(timeout=30)
        server.should_exit = True
        thread.join(timeout=10)
    if not out.is_file():
        raise RuntimeError(f"mitmdump wrote no HAR: {err.decode(errors='replace')[-500:]}")
    return out


if __name__ == "__main__":
    print(make_har(sys.argv[1], Path(sys.argv[2])))
