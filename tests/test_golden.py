"""Golden record: the spec-dependent tree generated from a small reference spec, file by file.

A template change shows up here as a diff of generated code. To accept an intended change:
`UPDATE_GOLDEN=1 make test` (then review and commit tests/golden/expected). The runtime modules
(generator/runtime/) do not vary with the spec, so the record leaves them out and a test checks
they are copied as they are instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline import generate_files
from generator.runtime_files import runtime_files
from generator.write import diff_trees, read_tree, write_tree

GOLDEN = Path(__file__).resolve().parent / "golden"


def spec_dependent(files: dict[str, str]) -> dict[str, str]:
    runtime = runtime_files()
    return {rel: text for rel, text in files.items() if rel not in runtime}


def test_generated_tree_matches_the_golden_record() -> None:
    files = spec_dependent(generate_files(GOLDEN / "spec.yaml"))
    if os.environ.get("UPDATE_GOLDEN"):
        write_tree(GOLDEN / "expected", files)
    expected = read_tree(GOLDEN / "expected")
    assert sorted(files) == sorted(expected)
    diff = diff_trees(files, expected)
    if diff:
        pytest.fail(f"generated output differs from the golden record:\n{diff[:6000]}")


def test_golden_client_has_exactly_the_reference_operations() -> None:
    client = read_tree(GOLDEN / "expected")["x_engagement/client.py"]
    # once on the client, once on its batch namespace
    assert client.count("    def get_insights_28hr(") == 2
    assert client.count("    async def get_engagement_totals(") == 2
    assert "get_engagement_28hr" not in client


def test_runtime_modules_are_copied_byte_for_byte() -> None:
    files = generate_files(GOLDEN / "spec.yaml")
    runtime = runtime_files()
    assert runtime, "generator/runtime/x_engagement holds the spec-independent modules"
    for rel, text in runtime.items():
        assert files[rel] == text, f"{rel} differs from generator/runtime/{rel}"


def test_the_drift_checked_package_holds_the_runtime_as_is() -> None:
    generated = read_tree(Path(__file__).resolve().parent.parent / "generated")
    for rel, text in runtime_files().items():
        assert generated[rel] == text, f"generated/{rel} differs from generator/runtime/{rel}"
