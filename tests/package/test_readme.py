"""Every ```python block of README.md runs, as written, against the mock on a loopback port.

A block is run in a fresh directory with the mock's URL and credentials in the environment
(X_API_BASE_URL, X_BEARER_TOKEN, the four OAuth 1.0a variables), as a reader who exported them
would run it. What the harness changes in a block is only this, and nothing is skipped:

- `"..."` credentials become the mock's (`bearer_token="..."`, `consumer_key="..."`, ...);
- `xe.Client(` gets `base_url=` the mock (the constructor reads no environment, by design);
- names a block uses without defining them (`client`, `ids`, `result`, `ten_thousand_ids`)
  are given by SETUP, keyed by a piece of the block's text: a block no entry matches fails,
  so a new README example gets a setup here or fails the suite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import x_engagement as xe
from tests.collect.pollmock import PollMock, poll_mock

README = Path(__file__).resolve().parents[2] / "README.md"
T0 = datetime(2026, 11, 4, 7, 45, tzinfo=UTC)
POSTS = ["1346889436626259968", "20"]


@dataclass(frozen=True)
class Block:
    number: int
    line: int
    code: str


def blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    found = []
    for number, match in enumerate(re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M), start=1):
        found.append(Block(number, text.count("\n", 0, match.start()) + 1, match.group(1)))
    return found


def _client(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    # a continuation of "Using the package": its import and a client
    namespace.update(xe=xe, client=xe.Client(base_url=mock.base_url, **mock.credentials()), ids=POSTS)


def _many_ids(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    _client(mock, namespace, tmp)
    namespace["ten_thousand_ids"] = [str(n) for n in range(1, 301)]  # two totals chunks, not 40


def _posts_file(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    (tmp / "posts.txt").write_text("\n".join(POSTS) + "\n")


def _collected(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    from x_engagement.collect import collect

    collect("sqlite:///engagement.db", POSTS, variant="both", handle_signals=False, **mock.credentials())


def _a_result(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    with xe.Client(base_url=mock.base_url, **mock.credentials()) as client:
        namespace["result"] = client.get_insights_28hr(
            tweet_ids=POSTS, granularity="Hourly", requested_metrics=["Impressions", "Likes"]
        )


def _dlt_home(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    pytest.importorskip("dlt", reason="the 'dlt' extra is not installed")  # pinned in the dev venv


def _nothing(mock: PollMock, namespace: dict[str, Any], tmp: Path) -> None:
    return None


DLT = "engagement_source("  # the block that runs the dlt source

# (a piece of the block's text, what it needs first); the first match wins.
SETUP: list[tuple[str, Callable[[PollMock, dict[str, Any], Path], None]]] = [
    ("client.batch.get_engagement_totals", _many_ids),
    ("client.get_insights_28hr(tweet_ids=ids", _client),
    ('read_ids("posts.txt")', _posts_file),
    (DLT, _dlt_home),
    ("ingest(conn, result.to_rows()", _a_result),
    ("from x_engagement.collect import backfill", _collected),
    ("from x_engagement.collect import connect, export, failures", _collected),
    ('xe.Client(bearer_token="...")', _nothing),
    ('xe.OAuth1(consumer_key="..."', _nothing),
    ("xe.Client.from_env(", _nothing),
    ("from x_engagement.access import probe", _nothing),  # the environment holds the mock's credentials
]


def _rewritten(code: str, mock: PollMock) -> str:
    c = mock.config.credentials
    values = {
        "bearer_token": c.bearer_token,
        "consumer_key": c.consumer_key,
        "consumer_secret": c.consumer_secret,
        "access_token": c.access_token,
        "access_token_secret": c.access_token_secret,
    }
    code = re.sub(r'\b(\w+)="\.\.\."', lambda m: f"{m.group(1)}={values[m.group(1)]!r}", code)
    return re.sub(r"\bxe\.Client\(", f"xe.Client(base_url={mock.base_url!r}, ", code)


BLOCKS = blocks()


def test_the_readme_has_its_python_blocks() -> None:
    assert len(BLOCKS) >= 10


@pytest.fixture
def mock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PollMock]:
    with poll_mock(T0) as running:
        for name, value in running.env().items():
            if name.startswith("X_"):
                monkeypatch.setenv(name, value)
        monkeypatch.delenv("X_ENGAGEMENT_DB", raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))
        monkeypatch.setenv("DLT_DATA_DIR", str(tmp_path / "dlt"))  # its pipelines and state: not /var/dlt
        monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")
        monkeypatch.chdir(tmp_path)
        yield running


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # X's insights endpoints are deprecated
@pytest.mark.parametrize(
    "block",
    [
        # a dlt pipeline run into duckdb costs seconds, as the dlt source's own tests (marked slow) do
        pytest.param(b, id=f"block{b.number}-line{b.line}", marks=[pytest.mark.slow] if DLT in b.code else [])
        for b in BLOCKS
    ],
)
def test_readme_block_runs_against_the_mock(block: Block, mock: PollMock, tmp_path: Path) -> None:
    setups = [setup for piece, setup in SETUP if piece in block.code]
    assert setups, f"README.md line {block.line}: no SETUP entry matches this block; add one"
    namespace: dict[str, Any] = {"__name__": "readme"}
    setups[0](mock, namespace, tmp_path)
    try:
        exec(compile(_rewritten(block.code, mock), f"README.md:{block.line}", "exec"), namespace)
    finally:
        client = namespace.get("client")
        if isinstance(client, xe.Client):
            client.close()
