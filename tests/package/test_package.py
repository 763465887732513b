"""generated/ is a package of its own: it builds, installs into a fresh venv, imports and type-checks."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support.specs import ROOT

pytestmark = pytest.mark.subprocess


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/ built into a wheel once for this module."""
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT / "generated")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = wheels.glob("x_engagement-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a venv that starts with nothing but pip, shared by this module's tests."""
    env_dir = tmp_path_factory.mktemp("fresh")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    return env_dir / "bin" / "python"


def test_wheel_installs_into_a_fresh_venv_and_imports(wheel: Path, fresh_python: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith("METADATA"))
    assert "x_engagement/py.typed" in names and "x_engagement/models.py" in names
    for requirement in ("httpx", "msgspec", "jsonschema-rs", "oauthlib"):
        assert f"Requires-Dist: {requirement}" in metadata

    subprocess.run(
        [str(fresh_python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # Dependencies come from this venv's site-packages via PYTHONPATH (no network in this test);
    # the package itself must come from the fresh venv, which .pth-based editable installs cannot reach.
    deps = sysconfig.get_paths()["purelib"]
    probe = "import x_engagement, sys; print(x_engagement.__file__); print(x_engagement.Client.__name__)"
    done = subprocess.run(
        [str(fresh_python), "-c", probe], check=False, capture_output=True, text=True, timeout=60,
        env={"PYTHONPATH": deps, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    location, name = done.stdout.split()
    assert location.startswith(str(fresh_python.parent.parent)) and name == "Client"
    # The console script comes with the package and runs from the fresh venv.
    entry_points = next(archive_text for n, archive_text in _texts(wheel) if n.endswith("entry_points.txt"))
    assert "x-engagement = x_engagement._cli.main:main" in entry_points
    helped = subprocess.run(
        [str(fresh_python.parent / "x-engagement"), "--help"], check=False, capture_output=True, text=True,
        timeout=60, env={"PYTHONPATH": deps, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert helped.returncode == 0 and "get-engagement-totals" in helped.stdout, helped.stderr


def _texts(wheel: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(wheel) as archive:
        return [(n, archive.read(n).decode()) for n in archive.namelist() if n.endswith(".txt")]


def _pinned_mypy() -> str:
    """The mypy the project itself pins (pyproject's dev extra), so both checks use one version."""
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    return next(str(item) for item in dev if str(item).startswith("mypy=="))


@pytest.mark.package_index
def test_plain_install_with_mypy_type_checks_strictly(wheel: Path, fresh_python: Path, tmp_path: Path) -> None:
    """What a user gets from `pip install 'x-engagement[collect]' mypy`: `mypy --strict -p x_engagement` is
    clean, with no stub package (types-oauthlib) installed; the extra brings the libraries that the
    x_engagement.collect subpackage is typed against. Downloads from the package index (pip cache used)."""
    env = {"PATH": f"{fresh_python.parent}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root")}
    installed = subprocess.run(
        [str(fresh_python), "-m", "pip", "install", "--quiet", f"{wheel}[collect]", _pinned_mypy()],
        check=False, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    if installed.returncode != 0:
        pytest.fail(
            f"pip install of the wheel and {_pinned_mypy()} failed (is the package index reachable?):\n{installed.stderr}"
        )
    show = [str(fresh_python), "-m", "pip", "show", "--quiet", "types-oauthlib"]
    stubs = subprocess.run(show, check=False, capture_output=True, env=env)
    assert stubs.returncode != 0, "types-oauthlib is installed in the fresh venv; the check would prove nothing"

    checked = subprocess.run(
        [str(fresh_python), "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "-p", "x_engagement"],
        check=False, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Success: no issues found" in checked.stdout

    # The migrations ship inside the wheel: the installed collector creates its schema.
    probe = "import sys; from x_engagement.collect import *; print(upgrade(sys.argv[1]) == known_revisions()[1])"
    url = f"sqlite:///{tmp_path / 'collect.db'}"
    upgraded = subprocess.run(
        [str(fresh_python), "-c", probe, url], check=False, capture_output=True, text=True, timeout=60, env=env
    )
    assert upgraded.returncode == 0 and upgraded.stdout.strip() == "True", upgraded.stderr
