"""`pip install 'x-engagement[testing]'` as an application meets it: the two wheels built from this
repository (generated/ and contracts/) installed into a fresh venv, then, from a directory that is
not this repository, the application's own tiny test suite with the `x_mock` fixture, the mock
server from its console script, and the gate run against that mock by URL.

Offline: the wheels are installed with `--no-index --no-deps`; their dependencies come from this
venv's site-packages through PYTHONPATH, which (unlike a site directory) runs no .pth file, so the
editable installs of this repository stay out of reach and every import of `contracts` and
`x_engagement` must come from the fresh venv (the user suite asserts it).
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.specs import ROOT

pytestmark = pytest.mark.subprocess

USER_TESTS = """
import os

import contracts
import x_engagement


def test_contracts_and_client_come_from_the_installed_wheels():
    for module in (contracts, x_engagement):
        assert module.__file__.startswith(os.environ["FRESH_VENV"]), module.__file__


def test_my_report(x_mock):
    client = x_engagement.Client(**x_mock.client_kwargs())
    result = client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    assert result.complete and result.totals()["20"]
"""


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """x_engagement and x_engagement_contracts, built once for this module (no build isolation: offline)."""
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out),
         str(ROOT / "generated"), str(ROOT / "contracts")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {w.name.split("-")[0]: w for w in out.glob("*.whl")}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, wheels: dict[str, Path]) -> Path:
    """A fresh venv holding the two wheels and nothing else of this repository."""
    env_dir = tmp_path_factory.mktemp("fresh")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         *map(str, wheels.values())],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return env_dir


def user_env(fresh: Path) -> dict[str, str]:
    deps = sysconfig.get_paths()["purelib"]  # the dependencies, without this venv's .pth files
    return {"PYTHONPATH": deps, "PATH": f"{fresh / 'bin'}:/usr/bin:/bin", "FRESH_VENV": str(fresh), "HOME": "/tmp"}


def _metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".dist-info/METADATA"))


def test_the_testing_extra_names_the_contracts_with_ranges_not_pins(wheels: dict[str, Path]) -> None:
    client, gate = _metadata(wheels["x_engagement"]), _metadata(wheels["x_engagement_contracts"])
    assert "Provides-Extra: testing" in client
    assert re.search(r"^Requires-Dist: x-engagement-contracts<0\.2,>=0\.1; extra == .testing.$", client, re.M)
    requirements = re.findall(r"^Requires-Dist: (.*)$", gate, re.M)
    assert len(requirements) >= 10 and not [r for r in requirements if "==" in r], requirements
    # nothing of this repository's dev tooling
    for tool in ("ruff", "mypy", "datamodel-code-generator", "import-linter", "pytest-xdist", "jinja2"):
        assert not [r for r in requirements if r.lower().startswith(tool)], tool
    with zipfile.ZipFile(wheels["x_engagement_contracts"]) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "contracts/_spec/openapi.yaml" in names and "contracts/suite/conftest.py" in names
    shipped = {n.removeprefix("contracts/") for n in names if n.startswith("contracts/") and n.endswith(".py")}
    in_tree = {str(p.relative_to(ROOT / "contracts")) for p in (ROOT / "contracts").rglob("*.py")}
    assert shipped == in_tree, f"contracts/pyproject.toml misses {sorted(in_tree - shipped)}"
    assert "x_engagement_mock = contracts.pytest_plugin" in entry_points


def test_an_applications_own_tests_get_the_fixture(fresh: Path, tmp_path: Path) -> None:
    (tmp_path / "test_app.py").write_text(USER_TESTS)
    done = subprocess.run(
        [str(fresh / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_app.py"],
        check=False, capture_output=True, text=True, timeout=300, cwd=tmp_path, env=user_env(fresh),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "2 passed" in done.stdout


@pytest.fixture
def installed_mock(fresh: Path, tmp_path: Path) -> Iterator[str]:
    """`x-engagement-mock --port 0` from the fresh venv; its URL from the banner."""
    server = subprocess.Popen(
        [str(fresh / "bin" / "x-engagement-mock"), "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path, env=user_env(fresh),
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        match = re.match(r"x-engagement mock at (http://127\.0\.0\.1:\d+)", first)
        assert match, first + (server.stdout.read() if server.poll() is not None else "")
        yield match.group(1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_gate_runs_from_the_installed_package_against_the_mock_by_url(
    fresh: Path, installed_mock: str, tmp_path: Path
) -> None:
    junit = tmp_path / "contracts.xml"
    done = subprocess.run(
        [str(fresh / "bin" / "x-engagement-contracts"), "run", "--base-url", installed_mock,
         "--max-examples", "2", "--junit", str(junit)],
        check=False, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=user_env(fresh),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:]
    assert done.stdout.splitlines()[-1] == "result: CONFORMS" and junit.exists()
    assert "getEngagementTotals      tweet_ids_accounted_for" in done.stdout
