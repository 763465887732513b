"""The gate's checks inside a plain `schemathesis run` (SCHEMATHESIS_HOOKS=contracts.schemathesis_checks):
a server that loses a requested post fails `x_tweet_ids_accounted_for`; the faithful mock passes."""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from contracts.mock.server import serving_in_thread
from tests.contracts import broken

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = ROOT / ".venv" / "bin" / "schemathesis"


def schemathesis_run(variant: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """schemathesis keeps a .schemathesis/ folder in its working directory: a temporary one."""
    with serving_in_thread(getattr(broken, variant)) as url:
        return subprocess.run(
            [str(SCHEMATHESIS), "run", str(ROOT / "spec" / "openapi.yaml"), "--url", url,
             "-H", "Authorization: Bearer mock-bearer-token", "--include-operation-id", "getInsights28hr",
             "-c", "not_a_server_error,x_body_schema,x_tweet_ids_accounted_for,x_metrics_as_requested",
             "--phases", "examples,fuzzing", "-n", "10", "--mode", "positive", "--seed", "1"],
            check=False, capture_output=True, text=True, timeout=300, cwd=workdir,
            env={**os.environ, "SCHEMATHESIS_HOOKS": "contracts.schemathesis_checks"},
        )  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    names = ["drops_a_requested_post", "faithful"]
    dirs = [tmp_path_factory.mktemp(name) for name in names]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(schemathesis_run, names, dirs), strict=True))


def test_a_lost_post_fails_the_registered_check(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    done = runs["drops_a_requested_post"]
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Custom check failed: `x_tweet_ids_accounted_for`" in done.stdout
    assert "requested posts in neither the data nor an error" in done.stdout
    assert "x_body_schema`" not in done.stdout  # the other registered checks found nothing


def test_the_faithful_mock_passes_them(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    done = runs["faithful"]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
