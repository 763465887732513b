"""The spec-independent half of the package: plain Python under runtime/, copied as it is.

These modules are linted and type-checked where they stand (`make lint`, `make typecheck`), so they
are copied byte for byte: no rendering, no formatting.
"""

from __future__ import annotations

from pathlib import Path

RUNTIME = Path(__file__).resolve().parent / "runtime"
PACKAGE = RUNTIME / "x_engagement"


def runtime_files() -> dict[str, str]:
    """Every file of runtime/x_engagement/ as {path in the generated tree: text}, caches skipped."""
    return {
        path.relative_to(RUNTIME).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    }
