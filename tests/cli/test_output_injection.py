"""Issue 22 item 8: server-chosen strings cannot become spreadsheet formulas in CSV, nor escape
sequences on the terminal; JSON Lines keeps every value exactly."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import Reply, ScriptedServer
from x_engagement import table
from x_engagement.table import Row

SCRIPT = Path(sys.executable).parent / "x-engagement"
HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "'quoted"]


def test_csv_text_cells_cannot_start_a_formula_and_numbers_stay_numbers() -> None:
    # "\r" is left out here: the csv module (lineterminator "\n") does not quote it anywhere in a cell
    rows = [Row(text, text, text, text, None, None, text, -1) for text in HOSTILE if "\r" not in text]
    out = io.StringIO()
    table.write_csv(rows, out)
    lines = out.getvalue().splitlines()[1:]

    for cells in csv.reader(io.StringIO(out.getvalue(), newline="")):
        if cells[0] == "post_id":
            continue
        for cell in (cells[0], cells[1], cells[2], cells[3], cells[6]):
            assert cell.startswith("'"), cell
        assert cells[7] == "-1"
    assert len(lines) == len(rows)
    assert table.read_csv(io.StringIO(out.getvalue())) == rows  # the quote comes off again: exact
    assert table.csv_text("1346889436626259968") == "1346889436626259968"
    assert table.csv_text("\rx") == "'\rx" and table.csv_text("-1") == "'-1"  # a text column's "-1" is text


def test_jsonl_keeps_the_exact_values() -> None:
    rows = [Row(text, "likes", text, "v2", None, None, "total", -1) for text in HOSTILE]
    out = io.StringIO()
    table.write_jsonl(rows, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["post_id"] for r in records] == HOSTILE and {r["value"] for r in records} == {-1}


@pytest.mark.subprocess
def test_problem_titles_and_details_reach_the_terminal_escaped(server: ScriptedServer) -> None:
    problem = {
        "type": "about:blank\x1b]8;;http://evil\x07",
        "title": "Bad\x1b[2J\x1b[31m request\rFAKE: ok",
        "detail": "line one\nx-engagement: all good\x1b[0m",
        "errors": [{"message": "\x9b31m"}],
    }
    server.reply(Reply(400, json.dumps(problem).encode(), {"content-type": "application/problem+json"}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    env.update({"X_BEARER_TOKEN": "BEARER-inj3ct-s3cr3t", "X_API_BASE_URL": server.url})
    done = subprocess.run(
        [str(SCRIPT), "get-insights-28hr", "1", "--granularity", "Total", "--requested-metrics", "Likes"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    shown = done.stdout + done.stderr
    assert "\x1b" not in shown and "\r" not in shown and "\x07" not in shown and "\x9b" not in shown, repr(shown)
    assert "\\x1b[2J" in shown and "\\x0d" in shown
    assert "x-engagement: all good" not in shown.splitlines()  # no forged line of our own
    assert "BEARER-inj3ct-s3cr3t" not in shown
