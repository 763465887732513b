"""Writes the generated files into the package folder (only what changed), or compares them with
what is on disk (the drift check).

The package folder (generated/) holds hand-written modules and generated ones side by side, as
protobuf's generated `_pb2` modules sit in a hand-written package. The manifest (GENERATED_FILES)
lists the generated ones: only those are written, compared or removed; a generated file would
never overwrite a hand-written one.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from pathlib import Path

MANIFEST = "GENERATED_FILES"
_MANIFEST_HEADER = (
    "# Written by `make generate` (python -m generator) from spec/openapi.yaml: the files below are\n"
    "# generated and never edited by hand. Every other file of this folder is hand-written.\n"
)


def manifest_text(files: dict[str, str]) -> str:
    return _MANIFEST_HEADER + "".join(f"{rel}\n" for rel in sorted({*files, MANIFEST}))


def listed(root: Path) -> list[str]:
    """The files the last generation wrote under `root` (empty when it has none)."""
    try:
        text = (root / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def read_generated(root: Path, files: dict[str, str]) -> dict[str, str]:
    """What is on disk now for the files about to be generated and those the last run generated."""
    found: dict[str, str] = {}
    for rel in sorted({*files, *listed(root)}):
        path = root / rel
        if path.is_file():
            found[rel] = path.read_text(encoding="utf-8")
    return found


def hand_written(root: Path) -> dict[str, str]:
    """Every file of the package folder that the generator does not write."""
    generated = set(listed(root))
    return {rel: text for rel, text in read_tree(root).items() if rel not in generated}


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
    """Make the generated files under `root` exactly `files`, touching only what differs.

    Returns the paths changed. Files the previous manifest listed and `files` no longer holds are
    removed; a hand-written file (on disk, not in the previous manifest) is never overwritten
    with other content.
    Unchanged files keep their mtimes, so make (and an editable install) sees a no-op as one.
    """
    before = set(listed(root))
    clobbered = sorted(
        rel
        for rel in files
        if rel not in before and rel != MANIFEST and (root / rel).is_file()
        and (root / rel).read_text(encoding="utf-8") != files[rel]
    )  # fmt: skip
    if clobbered:
        raise FileExistsError(f"the generator would overwrite hand-written file(s) in {root}: {', '.join(clobbered)}")
    current = read_generated(root, files)
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
