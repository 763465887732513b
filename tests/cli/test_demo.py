"""`x-engagement demo` through the installed console script: the repository's mock in-process, a
CSV with rows of every post source (v2, Enterprise, post analytics), a PNG, the next commands; without the mock, one line."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

SCRIPT = Path(sys.executable).parent / "x-engagement"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    env.update(extra)
    return env


def test_demo_writes_a_csv_and_a_png_and_prints_the_next_commands(tmp_path: Path) -> None:
    done = subprocess.run([str(SCRIPT), "demo", "-o", str(tmp_path / "out")], env=clean_env(), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "out" / "demo.csv", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["variant"] for row in rows} == {"v2", "enterprise", "analytics"}
    assert {row["post_id"] for row in rows} == {"1346889436626259968", "20", "21"}
    assert (tmp_path / "out" / "demo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "x-engagement fetch" in done.stdout and "x-engagement collect" in done.stdout
    assert "Traceback" not in done.stderr


def test_demo_without_the_repository_says_how_to_get_the_mock(tmp_path: Path) -> None:
    """A Python whose path lacks the clone (-S drops the venv's .pth that adds it, -I ignores
    PYTHONPATH): the installed package alone, as after `pip install ./generated`."""
    site = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    generated = Path(__file__).resolve().parents[2] / "generated"
    code = (
        f"import sys; sys.path[:0] = [{str(generated)!r}, {site!r}]; "
        "sys.modules.pop('contracts', None); "
        "from x_engagement._cli.main import main; sys.exit(main(['demo']))"
    )
    done = subprocess.run([sys.executable, "-I", "-S", "-c", code], env=clean_env(), cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "x-engagement: the demo runs the mock in contracts/ of the x-engagement repository, which a pip install "
        "does not include: from a clone, run `make demo` (or put the clone on PYTHONPATH)"
    ]
    assert not (tmp_path / "x-engagement-demo").exists()
