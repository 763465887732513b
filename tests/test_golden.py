"""Golden record: the whole tree generated from a small reference spec, compared file by file.

A template change shows up here as a diff of generated code. To accept an intended change:
`UPDATE_GOLDEN=1 make test` (then review and commit tests/golden/expected).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline import generate_files
from generator.write import diff_trees, read_tree, write_tree

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_generated_tree_matches_the_golden_record() -> None:
    files = generate_files(GOLDEN / "spec.yaml")
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
