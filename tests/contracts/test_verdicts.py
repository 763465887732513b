"""Verdicts a CI job can act on: a run that judged nothing still leaves a JUnit file saying why."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from contracts.__main__ import main
from tests.support.loopback import free_port


def test_an_unreachable_target_still_writes_the_junit_file_with_one_error_case(tmp_path: Path, capsys: Any) -> None:
    junit = tmp_path / "reports" / "contracts.xml"
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    code = main(["run", "--base-url", url, "--junit", str(junit)])
    out = capsys.readouterr().out
    assert code == 4 and "result: target unreachable" in out
    suite = ElementTree.parse(junit).getroot()
    cases = list(suite.iter("testcase"))
    assert [c.get("name") for c in cases] == ["target_unreachable"]
    error = cases[0].find("error")
    assert error is not None and "127.0.0.1" in error.get("message", "")
    assert suite.get("errors") == "1"
