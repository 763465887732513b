"""The generator's command line: writes only what changed and says so; documents its options."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.write import read_tree, write_changed
from tests.support.specs import ROOT


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_rerun_touches_nothing_and_reports_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    first = run_generator("--output", str(out))
    total = len(read_tree(out))
    assert first.returncode == 0 and f"{total} files, {total} changed" in first.stdout
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    (out / "x_engagement" / "client.py").write_text("# edited by hand\n", encoding="utf-8")
    (out / "x_engagement" / "stray.py").write_text("", encoding="utf-8")
    second = run_generator("--output", str(out))
    assert second.returncode == 0 and f"{total} files, 2 changed" in second.stdout
    assert "x_engagement/client.py" in second.stdout and "x_engagement/stray.py" in second.stdout
    assert not (out / "x_engagement" / "stray.py").exists()
    third = run_generator("--output", str(out))
    assert f"{total} files, 0 changed" in third.stdout
    untouched = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != "client.py"}
    assert untouched == {p: m for p, m in mtimes.items() if p.name != "client.py"}


def test_write_changed_keeps_unchanged_files_and_removes_emptied_folders(tmp_path: Path) -> None:
    assert write_changed(tmp_path / "t", {"a.txt": "a", "sub/b.txt": "b"}) == ["a.txt", "sub/b.txt"]
    assert write_changed(tmp_path / "t", {"a.txt": "a", "sub/b.txt": "b"}) == []
    assert write_changed(tmp_path / "t", {"a.txt": "A"}) == ["a.txt", "sub/b.txt"]
    assert read_tree(tmp_path / "t") == {"a.txt": "A"} and not (tmp_path / "t" / "sub").exists()
    assert oct((tmp_path / "t" / "a.txt").stat().st_mode & 0o777) == oct(0o644)


def test_help_documents_every_option_with_its_default() -> None:
    done = run_generator("--help")
    assert done.returncode == 0
    options = set(re.findall(r"^\s+(--[a-z-]+)", done.stdout, flags=re.M))
    assert options == {"--spec", "--output", "--check", "--templates", "--version"}
    for option in ("--spec", "--output", "--check", "--templates"):
        block = done.stdout.split("options:", 1)[1].split(f"\n  {option}", 1)[1].split("\n  --", 1)[0]
        assert "(default:" in " ".join(block.split()), option


def test_version_prints_the_projects_version() -> None:
    done = run_generator("--version")
    assert done.returncode == 0 and re.fullmatch(r"python -m generator \d+\.\d+\.\d+\S*\n", done.stdout)
