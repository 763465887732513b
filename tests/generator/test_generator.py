"""The generator: deterministic, honest about stale output, and precise about bad specs."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import SpecError
from generator.pipeline import generate_files
from tests.support.specs import ROOT, SPEC_PATH, spec


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.subprocess
def test_two_runs_write_byte_identical_trees(tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert run_generator("--output", str(tmp_path / name)).returncode == 0
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two
    assert len(one) >= 14


@pytest.fixture(scope="module")
def default_files() -> dict[str, str]:
    """The tree the committed spec and the package's own templates give, generated once here."""
    return generate_files(SPEC_PATH)


def test_output_has_no_timestamps(default_files: dict[str, str]) -> None:
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    for rel, text in default_files.items():
        assert today not in text, rel


@pytest.mark.subprocess
def test_check_passes_on_the_committed_tree() -> None:
    done = run_generator("--check")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.subprocess
def test_check_fails_with_a_diff_when_output_is_stale(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    assert run_generator("--output", str(out)).returncode == 0
    client = out / "x_engagement" / "client.py"
    client.write_text(client.read_text() + "\n# edited by hand\n")
    (out / "x_engagement" / "mine.py").write_text("x = 1\n")  # hand-written: not the drift check's business
    gone = out / "x_engagement" / "_params.py"
    gone.unlink()
    done = run_generator("--check", "--output", str(out))
    assert done.returncode == 1
    assert "-# edited by hand" in done.stdout
    assert "mine.py" not in done.stdout
    assert "+++ b/x_engagement/_params.py" in done.stdout
    assert "make generate" in done.stderr


def _broken(tmp_path: Path, mutate: Any) -> Path:
    document = copy.deepcopy(spec())
    mutate(document)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _op(document: dict[str, Any]) -> dict[str, Any]:
    return document["paths"]["/2/insights/28hr"]["get"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("mutate", "pointer", "words"),
    [
        (lambda d: _op(d).update(operationId="Get-Insights"), "#/paths/~12~1insights~128hr/get", "operationId"),
        (
            lambda d: d["components"]["schemas"]["MetricValue"].update(oneOf=[{"type": "object"}]),
            "#/components/schemas/MetricValue/oneOf",
            "not supported",
        ),
        (
            lambda d: d["components"]["schemas"]["Measurement"].update(additionalProperties={"type": "string"}),
            "#/components/schemas/Measurement/additionalProperties",
            "cannot be a model",
        ),
        (
            lambda d: _op(d).update({"x-rules": [{"rule": "no-such-rule"}]}),
            "#/paths/~12~1insights~128hr/get/x-rules/0",
            "unknown rule",
        ),
        (
            lambda d: d["components"]["responses"]["InsightsResponse"]["content"]["application/json"]["examples"][
                "totals"
            ]["value"]["data"][0]["measurement"]["metrics_total"][0].update(tweet_id="abc"),
            "#/components/responses/InsightsResponse/content/application~1json/examples/totals",
            "does not match",
        ),
        (lambda d: _op(d).pop("servers"), "#/paths/~12~1insights~128hr/get", "servers"),
    ],
    ids=["operation-id", "unsupported-keyword", "properties-and-additional", "unknown-rule", "bad-example", "servers"],
)
def test_a_wrong_spec_names_the_json_pointer(tmp_path: Path, mutate: Any, pointer: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        generate_files(_broken(tmp_path, mutate))
    assert caught.value.pointer == pointer
    assert words in str(caught.value)


@pytest.mark.subprocess
def test_cli_reports_spec_errors_without_a_traceback(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: _op(d).update(operationId="bad id"))
    done = run_generator("--spec", str(path), "--output", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "#/paths/~12~1insights~128hr/get: operationId" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_template_can_be_overridden_alone(tmp_path: Path, default_files: dict[str, str]) -> None:
    (tmp_path / "README.md.jinja").write_text("custom readme for {{ title }}\n")
    files = generate_files(SPEC_PATH, templates=tmp_path)
    assert files["README.md"] == "custom readme for X post engagement metrics\n"
    assert files["x_engagement/client.py"] == default_files["x_engagement/client.py"]


def test_an_invalid_openapi_document_names_the_deepest_pointer(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["paths"]["/2/insights/28hr"]["get"].update(responses="none"))
    with pytest.raises(SpecError, match=r"not valid OpenAPI 3\.1") as caught:
        generate_files(path)
    assert caught.value.pointer == "#/paths/~12~1insights~128hr/get/responses"
