"""`pip install ./generated` with no extras, into a fresh venv: every command that needs an extra
says which in one line (`pip install 'x-engagement[extra]'`), exits 2 and writes nothing.

The plain install needs the package's own dependencies (httpx, msgspec, ...) and the build backend
from the package index (pip's cache is used), hence the `package_index` mark."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from tests.support.specs import ROOT

pytestmark = [pytest.mark.package_index, pytest.mark.subprocess]

# (arguments, the extra named); files named here must not appear
COMMANDS: list[tuple[list[str], str]] = [
    (["plot", "rows.csv", "-o", "out.png"], "plot"),
    (["demo"], "plot"),
    (["fetch", "20", "--format", "parquet", "-o", "out.parquet"], "arrow"),
    (["collect", "--db", "new.db", "--ids-file", "ids.txt"], "collect"),
    (["db", "upgrade", "--db", "new.db"], "collect"),
    (["gaps", "--db", "new.db"], "collect"),
    (["gaps", "--db", "new.db", "--backfill"], "collect"),
    (["export", "--db", "new.db"], "collect"),
    (["export", "--db", "new.db", "--format", "parquet", "-o", "out.parquet"], "collect"),
    (["failures", "--db", "new.db"], "collect"),
]


@pytest.fixture(scope="module")
def plain_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The x-engagement console script of a fresh venv holding `pip install ./generated` only."""
    env_dir = tmp_path_factory.mktemp("plain")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root")}
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(ROOT / "generated")],
        check=False, capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    if installed.returncode != 0:
        pytest.fail(f"pip install ./generated failed (is the package index reachable?):\n{installed.stderr}")
    for module in ("sqlalchemy", "alembic", "matplotlib", "pyarrow", "psycopg", "dlt"):
        found = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True, env=env, check=False)
        assert found.returncode != 0, f"{module} is in the plain install: the check would prove nothing"
    return python.parent / "x-engagement"


@pytest.mark.parametrize(("args", "extra"), COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_a_missing_extra_is_one_line_exit_2_and_nothing_written(
    plain_script: Path, tmp_path: Path, args: list[str], extra: str
) -> None:
    (tmp_path / "ids.txt").write_text("20\n")
    (tmp_path / "rows.csv").write_text("post_id,metric,source_metric,variant,start,end,granularity,value\n")
    env = {"PATH": f"{plain_script.parent}:/usr/bin:/bin", "HOME": str(tmp_path),
           "X_BEARER_TOKEN": "t", "X_API_BASE_URL": "http://127.0.0.1:9"}  # fmt: skip
    done = subprocess.run([str(plain_script), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert f"needs the '{extra}' extra" in line and f"pip install 'x-engagement[{extra}]'" in line, line
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ids.txt", "rows.csv"]  # nothing written
