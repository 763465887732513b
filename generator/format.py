"""ruff, so templates can stay readable and the output stays stable."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin


def format_python(files: dict[str, str]) -> dict[str, str]:
    """Return `files` with every `.py` file sorted-imports-fixed and formatted by ruff."""
    ruff = str(find_ruff_bin())
    with tempfile.TemporaryDirectory(prefix="x-engagement-fmt-") as tmp:
        root = Path(tmp)
        (root / "ruff.toml").write_text(
            'line-length = 100\ntarget-version = "py311"\n[lint]\nselect = ["I", "F401"]\n'
            '[lint.isort]\nknown-first-party = ["x_engagement"]\n'
        )
        for rel, text in files.items():
            if rel.endswith(".py"):
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        for args in (["check", "--fix", "--quiet", "--exit-zero", "."], ["format", "--quiet", "."]):
            done = subprocess.run([ruff, *args], cwd=root, capture_output=True, text=True)
            if done.returncode != 0:
                sys.stderr.write(done.stdout + done.stderr)
                raise RuntimeError(f"ruff {args[0]} failed on the generated code")
        return {
            rel: (root / rel).read_text(encoding="utf-8") if rel.endswith(".py") else text
            for rel, text in files.items()
        }
