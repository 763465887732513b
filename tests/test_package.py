"""generated/ is a package of its own: it builds, installs into a fresh venv and imports."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from tests.support.specs import ROOT


def test_wheel_installs_into_a_fresh_venv_and_imports(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT / "generated")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = wheels.glob("x_engagement-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith("METADATA"))
    assert "x_engagement/py.typed" in names and "x_engagement/models.py" in names
    for requirement in ("httpx", "msgspec", "jsonschema-rs", "oauthlib"):
        assert f"Requires-Dist: {requirement}" in metadata

    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # Dependencies come from this venv's site-packages via PYTHONPATH (no network in tests);
    # the package itself must come from the fresh venv, which .pth-based editable installs cannot reach.
    deps = sysconfig.get_paths()["purelib"]
    probe = "import x_engagement, sys; print(x_engagement.__file__); print(x_engagement.Client.__name__)"
    done = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, timeout=60,
        env={"PYTHONPATH": deps, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    location, name = done.stdout.split()
    assert location.startswith(str(env_dir)) and name == "Client"
