"""Writes the generated tree (only what changed), or compares it with what is on disk (the drift check)."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from pathlib import Path


def read_tree(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and not _ignored(path.relative_to(root))
    }


def _ignored(rel: Path) -> bool:
    """Caches and build leftovers are not part of the generated tree."""
    return any(part.startswith(".") or part == "__pycache__" or part.endswith(".egg-info") for part in rel.parts)


def diff_trees(expected: dict[str, str], actual: dict[str, str]) -> str:
    """A unified diff from what is on disk (`actual`) to what the generator would write."""
    chunks: list[str] = []
    for rel in sorted(set(expected) | set(actual)):
        old, new = actual.get(rel), expected.get(rel)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{rel}" if old is not None else "/dev/null",
                tofile=f"b/{rel}" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Replace `root` with exactly `files`: built beside it, then swapped in by renames."""
    root = root.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-new-", dir=root.parent))
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        old = root.parent / f".{root.name}-old"
        if old.exists():
            shutil.rmtree(old)
        if root.exists():
            os.replace(root, old)
        os.replace(staging, root)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_changed(root: Path, files: dict[str, str]) -> list[str]:
    """Make `root` hold exactly `files`, touching only what differs; returns the paths changed.

    Unchanged files keep their mtimes, so make (and an editable install) sees a no-op as one.
    A first run builds the tree atomically; later runs replace each changed file by a rename.
    """
    if not root.is_dir():
        write_tree(root, files)
        return sorted(files)
    current = read_tree(root)
    changed = sorted(rel for rel in set(files) | set(current) if files.get(rel) != current.get(rel))
    for rel in changed:
        path = root / rel
        if rel not in files:
            path.unlink()
            _remove_empty_parents(path.parent, root)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(files[rel])
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o644)  # mkstemp makes 0600; a package file is readable by all
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return changed


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
