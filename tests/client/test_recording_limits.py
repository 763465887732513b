"""Issue 22 item 4: `record_to` keeps the client's limits. The recorder sees only a body that
passed `max_response_bytes` (wire and inflated), its path is checked when the client is built,
and a write that fails later is a RecordingWarning, never an exception; no secret in any output."""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
import socket
import threading
import traceback
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import x_engagement as xe
from tests.client.test_secrets import reachable_requests, request_headers_text
from tests.support.faults import fault_server, head
from tests.support.server import Reply, ScriptedServer
from x_engagement._recording import Recorder, RecordingTooLarge, RecordingWarning

BEARER = "BEARER-rec0rd-s3cr3t"
LIMIT = 1024 * 1024
V2: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]}
JSON = {"content-type": "application/json"}


def paced_endless(piece: bytes, pause: float = 0.001) -> Callable[[socket.socket, threading.Event], None]:
    """A 200 with no length that never ends, `piece` every `pause` seconds (so a test that fails
    reads tens of MB per second, not GB)."""

    def respond(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(head(200, {**JSON, "connection": "close"}))
        while not stop.wait(pause):
            connection.sendall(piece)

    return respond


def peak_during(action: Callable[[], object]) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        action()
    except BaseException as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return None, 0


def no_secret_anywhere(error: BaseException, *texts: str) -> None:
    shown = [str(error), repr(error), "".join(traceback.format_exception(error)), *texts]
    shown += [request_headers_text(r) for r in reachable_requests(error)]
    assert BEARER not in "\n".join(shown)


def test_a_gzip_bomb_is_refused_and_not_recorded(server: ScriptedServer, tmp_path: Path) -> None:
    """Before: the hook inflated the whole bomb (40 MB here, 1 GiB in the probe) into the file."""
    recording = tmp_path / "x.jsonl"
    bomb = gzip.compress(b"[" + b" " * (40 * LIMIT) + b"]", 9)
    server.reply(Reply(200, bomb, {**JSON, "content-encoding": "gzip"}))
    client = xe.Client(bearer_token=BEARER, base_url=server.url, max_response_bytes=LIMIT, record_to=recording)
    error, peak = peak_during(lambda: client.get_insights_28hr(**V2))
    assert isinstance(error, xe.ResponseTooLarge) and error.limit == LIMIT
    assert peak < 4 * LIMIT, peak
    assert recording.read_bytes() == b""
    no_secret_anywhere(error)


def test_an_endless_body_is_cut_off_and_not_recorded(tmp_path: Path) -> None:
    """Before: the hook read without end (MemoryError, its traceback holding the live token)."""
    recording = tmp_path / "x.jsonl"
    with fault_server(paced_endless(b"0," * 32768)) as url:
        client = xe.Client(
            bearer_token=BEARER, base_url=url, max_response_bytes=LIMIT, deadline=5,
            retry=xe.RetryPolicy.disabled(), record_to=recording,
        )  # fmt: skip
        error, peak = peak_during(lambda: client.get_insights_28hr(**V2))
    assert isinstance(error, xe.ResponseTooLarge) and "more than" in str(error), error
    assert peak < 4 * LIMIT, peak
    assert recording.read_bytes() == b""
    no_secret_anywhere(error)


def test_an_async_gzip_bomb_is_refused_and_not_recorded(server: ScriptedServer, tmp_path: Path) -> None:
    recording = tmp_path / "x.jsonl"
    bomb = gzip.compress(b"[" + b" " * (40 * LIMIT) + b"]", 9)
    server.reply(Reply(200, bomb, {**JSON, "content-encoding": "gzip"}))

    async def call() -> object:
        async with xe.AsyncClient(
            bearer_token=BEARER, base_url=server.url, max_response_bytes=LIMIT, record_to=recording
        ) as client:
            return await client.get_insights_28hr(**V2)

    error, peak = peak_during(lambda: asyncio.run(call()))
    assert isinstance(error, xe.ResponseTooLarge) and peak < 4 * LIMIT
    assert recording.read_bytes() == b""
    no_secret_anywhere(error)


def test_an_unwritable_path_is_refused_when_the_client_is_built(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "x.jsonl"
    for make in (xe.Client, xe.AsyncClient):
        with pytest.raises(ValueError, match="record_to: cannot append to") as refused:
            make(bearer_token=BEARER, record_to=missing)
        assert str(missing) in str(refused.value) and "No such file or directory" in str(refused.value)
        assert refused.value.__cause__ is None and refused.value.__suppress_context__
        no_secret_anywhere(refused.value)


def test_a_write_that_fails_later_is_a_warning_and_the_call_succeeds(
    server: ScriptedServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Before: a raw FileNotFoundError from every call, the token reachable from its frames."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    server.reply(Reply(200, b'{"data":[{}]}', JSON))
    client = xe.Client(bearer_token=BEARER, base_url=server.url, record_to=folder / "x.jsonl")
    shutil.rmtree(folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = client.get_insights_28hr(**V2)
    assert result is not None
    messages = [str(w.message) for w in caught if issubclass(w.category, RecordingWarning)]
    assert len(messages) == 1 and "an exchange was not recorded: No such file or directory" in messages[0]
    assert str(folder / "x.jsonl") in messages[0]
    out, err = capfd.readouterr()
    assert BEARER not in "\n".join([*messages, out, err])


def test_a_body_within_the_limits_is_recorded_decoded(server: ScriptedServer, tmp_path: Path) -> None:
    recording = tmp_path / "x.jsonl"
    body = b'{"data":[{}]}'
    server.reply(Reply(200, gzip.compress(body), {**JSON, "content-encoding": "gzip"}))
    with xe.Client(bearer_token=BEARER, base_url=server.url, record_to=recording) as client:
        client.get_insights_28hr(**V2)
    text = recording.read_text()
    record = json.loads(text)
    assert record["response"]["body"] == body.decode() and record["response"]["status"] == 200
    assert "content-encoding" not in record["response"]["headers"]
    assert BEARER not in text and "authorization" not in text.lower()


def test_the_hook_for_other_clients_reads_at_most_max_bytes(tmp_path: Path) -> None:
    recording = tmp_path / "x.jsonl"
    recorder = Recorder(recording, max_bytes=LIMIT)
    with fault_server(paced_endless(b"0," * 32768)) as url:
        http = httpx.Client(event_hooks={"response": [recorder.hook]}, headers={"authorization": f"Bearer {BEARER}"})
        error, peak = peak_during(lambda: http.get(f"{url}/2/insights/28hr"))
        http.close()
    assert isinstance(error, RecordingTooLarge) and f"max_bytes ({LIMIT})" in str(error), error
    assert peak < 4 * LIMIT and recording.read_bytes() == b""
    assert BEARER not in str(error)
