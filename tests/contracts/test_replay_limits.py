"""`python -m contracts replay` on hostile files: every one ends in exit 2 naming the file and the
line (JSON Lines) or entry (HAR), in memory bounded by the limits rather than by the input."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from contracts.__main__ import main
from contracts.bounded_json import Limits, depth
from contracts.replay import ReplayInputError, read_exchanges, replay

PATH = "/2/insights/28hr?tweet_ids=1346889436626259968&granularity=Hourly&requested_metrics=Impressions"


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def exchange(url: str = f"http://127.0.0.1{PATH}", body: str = '{"data": []}') -> dict[str, Any]:
    return {
        "request": {"method": "GET", "url": url, "headers": {}},
        "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": body},
    }


def replay_error(path: Path, capsys: Any) -> str:
    """The one line `replay` printed for a file it refused (exit 2, no traceback)."""
    code = main(["replay", str(path)])
    captured = capsys.readouterr()
    assert code == 2, captured.out + captured.err
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return str(lines[0])


def test_a_har_nested_20000_deep_is_refused_without_building_it(tmp_path: Path, capsys: Any) -> None:
    """ijson's items() built an O(depth) prefix per level: 1 GB for this 40 KB file."""
    entry = '{"request": {"method": "GET", "url": "http://x/"}, "response": {"status": 200, "x": %s}}'
    har = tmp_path / "deep.har"
    har.write_text('{"log": {"entries": [' + entry % nested(20_000) + "]}}")
    tracemalloc.start()
    try:
        line = replay_error(har, capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"{har}: log.entries[0], near byte" in line and "nested more than the limit of 64" in line
    assert peak < 5_000_000, peak


def test_a_json_line_nested_200000_deep_names_its_line(tmp_path: Path, capsys: Any) -> None:
    recording = tmp_path / "deep.jsonl"
    record = json.dumps(exchange()).replace('"headers": {}', '"headers": {}, "x": ' + nested(200_000), 1)
    recording.write_text(json.dumps(exchange()) + "\n\n" + record + "\n")
    line = replay_error(recording, capsys)
    assert line.endswith(f"{recording}:3: nested 200002 deep, more than the limit of 64"), line


def test_a_body_nested_too_deep_names_its_line(tmp_path: Path, capsys: Any) -> None:
    """The recorded body is a string: the checks that parse it would recurse 200,000 deep."""
    recording = tmp_path / "deep-body.jsonl"
    recording.write_text(json.dumps(exchange(body='{"data": ' + nested(200_000) + "}")) + "\n")
    line = replay_error(recording, capsys)
    assert f"{recording}:1: not a recorded exchange" in line and "the response body is nested" in line


def test_a_bad_url_names_its_line_or_entry(tmp_path: Path, capsys: Any) -> None:
    recording = tmp_path / "bad-url.jsonl"
    recording.write_text(json.dumps(exchange()) + "\n" + json.dumps(exchange(url="http://[::1/2/x")) + "\n")
    line = replay_error(recording, capsys)
    assert f"{recording}:2: not a recorded exchange (InvalidURL" in line
    har = tmp_path / "bad-url.har"
    entry = {"request": {"method": "GET", "url": "http://[::1/2/x"}, "response": {"status": 200}}
    har.write_text(json.dumps({"log": {"entries": [entry]}}))
    line = replay_error(har, capsys)
    assert f"{har}: log.entries[0]: not a HAR entry (InvalidURL" in line


def test_an_exchange_larger_than_the_limit_is_refused_before_it_is_held(tmp_path: Path) -> None:
    limits = Limits(max_exchange_bytes=200_000)
    big = json.dumps(exchange(body="x" * 1_000_000))
    recording = tmp_path / "big.jsonl"
    recording.write_text(json.dumps(exchange()) + "\n" + big + "\n")
    with pytest.raises(ReplayInputError) as refused:
        replay(read_exchanges(recording, limits=limits))
    assert str(refused.value) == f"{recording}:2: the line is longer than the limit of 200,000 bytes"
    har = tmp_path / "big.har"
    entry = {
        "request": {"method": "GET", "url": "http://x/"},
        "response": {"status": 200, "content": {"text": "x" * 1_000_000}},
    }
    har.write_text(json.dumps({"log": {"entries": [entry, entry]}}))
    tracemalloc.start()
    try:
        with pytest.raises(ReplayInputError) as refused:
            replay(read_exchanges(har, limits=limits))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value).startswith(f"{har}: log.entries[0], near byte ")
    assert str(refused.value).endswith("one entry is larger than the limit of 200,000 bytes")
    assert peak < 900_000, peak


def test_depth_ignores_brackets_inside_strings_and_counts_nesting() -> None:
    assert depth(b'{"a": "[[[[{{{", "b": [[1], {"c": "\\"]]]"}]}') == 3
    assert depth(b"1") == 0
    assert depth(nested(500).encode()) == 500


def test_a_body_at_the_limit_is_still_judged(tmp_path: Path, capsys: Any) -> None:
    """64 levels pass the reader and every check without a recursion error (a verdict, not a crash)."""
    recording = tmp_path / "at-limit.jsonl"
    recording.write_text(json.dumps(exchange(body='{"data": ' + nested(63) + "}")) + "\n")
    code = main(["replay", str(recording)])
    out = capsys.readouterr().out
    assert code == 1 and "result: NONCONFORMANT" in out, out
