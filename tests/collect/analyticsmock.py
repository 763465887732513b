"""A loopback server of X's post analytics endpoint (`GET /2/tweets/analytics`, v2.167 schema as
vendored in tests/data/x_v2_167) for the collector's tests, until the contracts mock serves it.

Its clock is the test's (`now`), sent as `Date`; `GET /` answers 404 with it (the collector's clock
probe). Each post-hour has a ground truth that grows for three hours after the hour (late
revisions) and then stays. `x-rate-limit-*` headers count requests in 15-minute windows of the
mock's clock (`limit`, 300 by default); past the limit it answers 429. `ledger` keeps every
analytics request: its ids, range and status.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOUR = timedelta(hours=1)
WINDOW = timedelta(minutes=15)
SETTLES = 3  # hours after its end a bucket's count stops growing
METRICS = ("impressions", "likes", "replies", "retweets", "bookmarks")


def truth(post_id: str, metric: str, hour: datetime, as_of: datetime) -> int:
    """The count of `metric` of `post_id` in the hour starting at `hour`, as X says it at `as_of`."""
    age = int((as_of - hour) / HOUR)
    base = int(post_id) % 97 + METRICS.index(metric) * 3 + int(hour.timestamp() // 3600) % 11
    return base + min(max(age, 0), SETTLES)


def z(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Asked:
    post_ids: tuple[str, ...]
    start: datetime
    end: datetime
    status: int
    at: datetime


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]
    delay: float = 0.0


@dataclass
class AnalyticsMock:
    url: str
    now: datetime
    limit: int = 300
    ledger: list[Asked] = field(default_factory=list)
    counts: dict[datetime, int] = field(default_factory=dict)
    hold: dict[int, float] = field(default_factory=dict)  # request number -> seconds to delay

    def answer(self, path: str, raw_query: str) -> Reply:
        date = {"date": format_datetime(self.now, usegmt=True)}
        if path != "/2/tweets/analytics":
            return Reply(404, b'{"title":"Not Found"}', {**date, "content-type": "application/json"})
        query = {k: v[0] for k, v in parse_qs(raw_query).items()}
        ids = tuple(query["ids"].split(","))
        start = datetime.fromisoformat(query["start_time"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(query["end_time"].replace("Z", "+00:00"))
        window = datetime.fromtimestamp(self.now.timestamp() // 900 * 900, UTC)
        used = self.counts[window] = self.counts.get(window, 0) + 1
        rate = {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(max(self.limit - used, 0)),
            "x-rate-limit-reset": str(int((window + WINDOW).timestamp())),
        }
        delay = self.hold.get(len(self.ledger) + 1, 0.0)
        if used > self.limit:
            self.ledger.append(Asked(ids, start, end, 429, self.now))
            body = {"title": "Too Many Requests", "type": "about:blank", "status": 429}
            return Reply(429, json.dumps(body).encode(), {**date, **rate, "content-type": "application/json"})
        fields = query.get("analytics.fields", "").split(",")
        data = []
        for post_id in ids:
            buckets = []
            hour = start
            while hour < end and hour < self.now:
                counts = {m: truth(post_id, m, hour, self.now) for m in METRICS if m in fields}
                buckets.append({"timestamp": z(hour), "metrics": counts})
                hour += HOUR
            flat = {m: sum(b["metrics"][m] for b in buckets) for m in METRICS if m in fields}  # type: ignore[index]
            data.append({"id": post_id, "timestamp": z(start), **flat, "timestamped_metrics": buckets})
        self.ledger.append(Asked(ids, start, end, 200, self.now))
        body_bytes = json.dumps({"data": data}).encode()
        return Reply(200, body_bytes, {**date, **rate, "content-type": "application/json"}, delay=delay)

    def asked(self, post_id: str) -> list[Asked]:
        """The answered requests that named `post_id`, in order."""
        return [a for a in self.ledger if post_id in a.post_ids and a.status == 200]


@contextmanager
def analytics_mock(now: datetime, limit: int = 300) -> Iterator[AnalyticsMock]:
    """The mock on a loopback port; its `Date` is `mock.now` (no other Date header is sent)."""
    mock = AnalyticsMock("", now, limit)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            with lock:
                reply = mock.answer(parts.path, parts.query)
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response_only(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    mock.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield mock
    finally:
        server.shutdown()
        server.server_close()
