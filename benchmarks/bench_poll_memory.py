"""Peak memory of one collector poll of 10,000 posts (400 chunks) against a poll of 1,000 (40).

The collector streams chunk by chunk (fetch 25 posts, store, commit, forget), so its peak should
not grow with the number of posts: the figure is peak RSS of the 10,000-post poll over peak RSS of
the 1,000-post poll, each in a fresh child process (`ru_maxrss`, which includes the imports),
into a fresh SQLite file. The server is a replay of one recorded mock answer with the ids of each
request written in (the mock itself would take minutes to compute 7 million points; what is
measured is the collector, not the server). v2, every metric, hourly: 25 x 26 x 28 = 18,200 points
per request, 7.3 million in the big poll.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from benchmarks.harness import ROOT, Result, Settings, child_environment

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
TEMPLATE_IDS = [str(9_100_000_000_000_000_000 + n) for n in range(25)]
TOKEN = "bench-bearer-token"

CHILD = f"""
import resource, sys, time
TOKEN = {TOKEN!r}
from x_engagement.collect import collect, upgrade
url, base, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
upgrade(url)
ids = [str(10**15 + n) for n in range(count)]
started = time.perf_counter()
stats = collect(url, ids, base_url=base, bearer_token=TOKEN)
assert stats.chunks * 25 == count and stats.failed_chunks == 0, stats
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, time.perf_counter() - started)
"""


def recorded_answer() -> tuple[str, dict[str, str]]:
    """One answer of the contract mock for TEMPLATE_IDS at NOW: body text and rate headers."""
    from starlette.testclient import TestClient

    from contracts.mock.app import create_app
    from contracts.mock.clock import MockClock
    from contracts.mock.config import MockConfig, config_from_options
    from x_engagement.collect.fetch import METRICS

    config = config_from_options({"bearer_token": TOKEN}, MockConfig(clock=MockClock(NOW)))
    with TestClient(create_app(config), base_url="http://mock.invalid") as http:
        answer = http.get(
            "/2/insights/28hr",
            params={
                "tweet_ids": ",".join(TEMPLATE_IDS),
                "granularity": "Hourly",
                "requested_metrics": ",".join(METRICS["v2"]),
                "engagement.fields": "errors,measurement",
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    answer.raise_for_status()
    json.loads(answer.text)
    headers = {k: v for k, v in answer.headers.items() if k.startswith("x-rate-limit")}
    headers["x-rate-limit-remaining"] = "1000000"
    return answer.text, headers


@contextmanager
def replay_server() -> Iterator[str]:
    body, rate_headers = recorded_answer()
    date = format_datetime(NOW, usegmt=True)

    class Replay(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != "/2/insights/28hr":
                self.answer(404, b"{}", {})
                return
            ids = parse_qs(parts.query)["tweet_ids"][0].split(",")
            text = body
            for template, real in zip(TEMPLATE_IDS, ids, strict=False):
                text = text.replace(template, real)
            self.answer(200, text.encode(), rate_headers)

        def answer(self, status: int, content: bytes, headers: dict[str, str]) -> None:
            self.send_response_only(status)
            self.send_header("Date", date)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def peak_of_poll(base_url: str, count: int) -> tuple[float, float]:
    """(peak RSS in bytes, seconds) of a fresh process polling `count` posts into a new file."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'poll.db'}"
        done = subprocess.run(
            [sys.executable, "-c", CHILD, url, base_url, str(count)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=child_environment(),
        )
    peak, seconds = done.stdout.split()
    return float(peak), float(seconds)


def run(settings: Settings) -> list[Result]:
    big, small = (250, 25) if settings.quick else (10_000, 1_000)
    with replay_server() as base_url:
        small_peak, _ = peak_of_poll(base_url, small)
        big_peak, big_seconds = peak_of_poll(base_url, big)
    return [
        Result(
            name=f"peak RSS of a collector poll of {big:,} posts ({big // 25} chunks)",
            baseline=f"the same of {small:,} posts",
            ratio=big_peak / small_peak,
            target=1.2,
            candidate_median=big_peak / 2**20,
            baseline_median=small_peak / 2**20,
            scale="MiB",
            note=f"v2 hourly, every metric, SQLite; {big * 26 * 28:,} points in {big_seconds:.0f} s",
        )
    ]
