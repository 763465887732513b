"""Golden record: the spec-dependent tree generated from a small and odd spec, file by file.

tests/golden/spec.yaml is not a copy of the real spec: it names every role the generator checks
under other names (renamed schemas and parameters, a keyword parameter, odd enum values and
grouping levels, descriptions that need escaping, a second tag of one variant), so a template
change shows up here as a diff of generated code. To accept an intended change:
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/generator/test_golden.py` (then review and commit
tests/golden/expected). The record holds only what the generator writes; the package's
hand-written modules (generated/x_engagement, not in its GENERATED_FILES) join it for the tests
that import, type-check and run the odd package.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import generate_files
from generator.write import MANIFEST, diff_trees, hand_written, listed, read_tree, write_tree

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"


def test_generated_tree_matches_the_golden_record() -> None:
    files = generate_files(GOLDEN / "spec.yaml")
    if os.environ.get("UPDATE_GOLDEN"):
        write_tree(GOLDEN / "expected", files)
    expected = read_tree(GOLDEN / "expected")
    assert sorted(files) == sorted(expected)
    diff = diff_trees(files, expected)
    if diff:
        pytest.fail(f"generated output differs from the golden record:\n{diff[:6000]}")


def test_golden_client_has_exactly_the_odd_specs_operations() -> None:
    client = read_tree(GOLDEN / "expected")["x_engagement/client.py"]
    for method in ("get_recent_insights", "lookup_insights_2x_historical", "post_totals_v2_enterprise"):
        # once on the client, once on its batch namespace; the same for the async client
        assert client.count(f"    def {method}(") == 2, method
        assert client.count(f"    async def {method}(") == 2, method
    assert "get_insights_28hr" not in client


# Runs in the generated package: the odd names must reach the user as valid, documented Python.
PROBE = """
import inspect
import x_engagement as xe
from x_engagement import _operations, _params, _spec, models
from typing import get_args

method = xe.Client.lookup_insights_2x_historical
assert list(inspect.signature(method).parameters)[1:] == ["post_ids", "bucket", "wanted", "from_", "until"]
assert '("from" is a Python keyword): \"\"\"triple\"\"\" quotes' in method.__doc__
assert "(C:\\\\ids\\\\, {not a template})" in method.__doc__
assert "Ends\\n                with a backslash \\\\\\n" in method.__doc__
assert 'a summary with "quotes", a back\\\\slash and {braces}.' in xe.Client.get_recent_insights.__doc__
assert _params.groupingSpec.__doc__ == 'One named grouping; a description with "quotes" and a \\\\backslash.'
assert get_args(get_args(models.Bucket)[0]) == ("per-hour", "1day", "None", "class", "Total ∑")
assert _spec.ENTERPRISE_RESPONSE is models.EnterpriseAnswer and _spec.PROBLEM is models.ProblemDetails
assert _operations.GET_RECENT_INSIGHTS.buckets == {"per-hour": "hour", "1day": "day", "None": "week", "class": "week", "Total ∑": "total"}
assert _spec.RATE_LIMIT_LIMIT_HEADERS == ("x-rate-ceiling", "x-minute-ceiling")
with xe.Client(bearer_token="t", base_url="http://127.0.0.1:9") as client:
    try:
        method(client, post_ids=["1"], bucket="1day", wanted=["Likes"], from_="2030-01-02", until="2030-01-01")
    except xe.InvalidRequest as error:
        assert "from: '2030-01-02' must be before until" in str(error), error
    else:
        raise AssertionError("a window the x-rules forbid was sent")
print("ok")
"""


# Every module imports, every command answers --help, and fetch --list-metrics lists the odd
# spec's metrics: the hand-written layers read the spec's roles, never a name of our own spec.
EVERY_COMMAND = """
import contextlib, importlib, io, pkgutil
import x_engagement
from x_engagement._cli.main import build_parser, main

for module in pkgutil.walk_packages(x_engagement.__path__, "x_engagement."):
    if ".migrations" not in module.name and not module.name.endswith("__main__"):
        importlib.import_module(module.name)
commands = sorted(build_parser()._subparsers._group_actions[0].choices)
for command in commands:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit) as stopped:
        main([command, "--help"])
listed = io.StringIO()
with contextlib.redirect_stdout(listed):
    assert main(["fetch", "--list-metrics"]) == 0
assert "Likes" in listed.getvalue() and "video.views" in listed.getvalue(), listed.getvalue()
print(" ".join(commands))
"""


@pytest.mark.subprocess
def test_the_package_generated_from_the_odd_spec_imports_works_and_passes_mypy_strict(tmp_path: Path) -> None:
    write_tree(tmp_path, generate_files(GOLDEN / "spec.yaml", hand_written_from=ROOT / "generated"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert probe.returncode == 0 and probe.stdout == "ok\n", probe.stderr
    every = subprocess.run(
        [sys.executable, "-c", EVERY_COMMAND], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert every.returncode == 0, every.stderr
    commands = every.stdout.split()
    assert {"fetch", "collect", "gaps", "get-recent-insights", "post-totals-v2-enterprise"} <= set(commands)
    cache = ROOT / ".mypy_cache" / "golden"
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "x_engagement"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_the_generator_writes_only_what_the_spec_determines() -> None:
    """The manifest lists the generated files; everything else in generated/ is hand-written,
    edited where it stands, and the same whatever the spec."""
    files = generate_files(GOLDEN / "spec.yaml")
    assert sorted(files) == sorted(listed(ROOT / "generated")), "the golden and real specs generate the same files"
    assert files[MANIFEST].splitlines()[2:] == sorted(files)
    own = hand_written(ROOT / "generated")
    assert "x_engagement/_call.py" in own and "x_engagement/collect/poll.py" in own
    assert not set(own) & set(files)
    for rel, text in own.items():
        assert "Generated" not in text.split("\n", 1)[0] and "Do not edit" not in text.split("\n", 1)[0], rel
