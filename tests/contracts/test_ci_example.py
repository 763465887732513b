"""The CI examples in the READMEs are complete GitHub Actions workflows that GitHub would accept:
each is validated against GitHub's published workflow schema (SchemaStore's, vendored with its
source in tests/contracts/vendor/), so a missing `on:` or a misspelt key fails here, not in CI."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).with_name("vendor") / "github-workflow.json"
READMES = ("contracts/README.md", "README.md")
FENCE = re.compile(r"^```yaml\n(.*?)^```", re.DOTALL | re.MULTILINE)


def workflows() -> list[tuple[str, str]]:
    """(README:line, text) of every yaml block that is a workflow (it has `jobs:`)."""
    found = []
    for name in READMES:
        text = (ROOT / name).read_text()
        for match in FENCE.finditer(text):
            if re.search(r"^jobs:", match.group(1), re.MULTILINE):
                found.append((f"{name}:{text.count(chr(10), 0, match.start()) + 1}", match.group(1)))
    return found


def parsed(text: str) -> Any:
    """The workflow as GitHub reads it: YAML 1.1 reads the key `on` as True; GitHub means "on"."""
    document = yaml.safe_load(text)
    if isinstance(document, dict) and True in document:
        document["on"] = document.pop(True)
    return document


@cache
def validator() -> Any:
    schema = json.loads(SCHEMA.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_the_readme_has_workflows_to_check() -> None:
    assert len(workflows()) >= 2


@pytest.mark.parametrize(("where", "text"), workflows(), ids=[where for where, _ in workflows()])
def test_each_ci_example_is_a_valid_complete_workflow(where: str, text: str) -> None:
    document = parsed(text)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(document)]
    assert not errors, f"{where}: " + "; ".join(errors)
    assert "on" in document and document["jobs"], where


def test_the_schema_catches_an_incomplete_workflow() -> None:
    """The control: the README's first workflow without `on:` (what the old example was) is refused."""
    (_, text), *_ = workflows()
    document = parsed(text)
    del document["on"]
    assert any("'on' is a required property" in e.message for e in validator().iter_errors(document))
