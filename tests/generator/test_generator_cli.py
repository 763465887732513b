"""The generator's command line: writes only what changed and says so; documents its options."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.write import MANIFEST, hand_written, listed, manifest_text, read_tree, write_changed
from tests.support.specs import ROOT


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.subprocess
def test_a_rerun_touches_nothing_and_reports_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    first = run_generator("--output", str(out))
    total = len(read_tree(out))
    assert first.returncode == 0 and f"{total} files, {total} changed" in first.stdout
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    (out / "x_engagement" / "client.py").write_text("# edited by hand\n", encoding="utf-8")
    (out / "x_engagement" / "mine.py").write_text("x = 1\n", encoding="utf-8")  # not the generator's
    second = run_generator("--output", str(out))
    assert second.returncode == 0 and f"{total} files, 1 changed" in second.stdout
    assert "x_engagement/client.py" in second.stdout and "mine.py" not in second.stdout
    assert (out / "x_engagement" / "mine.py").read_text() == "x = 1\n"
    third = run_generator("--output", str(out))
    assert f"{total} files, 0 changed" in third.stdout
    untouched = {
        p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name not in ("client.py", "mine.py")
    }
    assert untouched == {p: m for p, m in mtimes.items() if p.name != "client.py"}


@pytest.mark.subprocess
def test_another_folder_gets_a_complete_package_the_package_folder_only_its_generated_files(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    assert run_generator("--output", str(out)).returncode == 0
    everything = read_tree(out)
    assert "x_engagement/_call.py" in everything and "x_engagement/client.py" in everything
    assert sorted(listed(out)) == sorted(everything)  # there, every file was written by the generator
    generated = listed(ROOT / "generated")
    assert "x_engagement/client.py" in generated and "x_engagement/models.py" in generated
    assert "x_engagement/_call.py" not in generated and "x_engagement/table.py" not in generated
    assert hand_written(ROOT / "generated")["x_engagement/_call.py"] == everything["x_engagement/_call.py"]


def test_write_changed_keeps_unchanged_files_and_removes_what_it_no_longer_generates(tmp_path: Path) -> None:
    def files(**by_name: str) -> dict[str, str]:
        made = {name.replace("__", "/") + ".txt": text for name, text in by_name.items()}
        return {**made, MANIFEST: manifest_text(made)}

    assert write_changed(tmp_path / "t", files(a="a", sub__b="b")) == [MANIFEST, "a.txt", "sub/b.txt"]
    assert write_changed(tmp_path / "t", files(a="a", sub__b="b")) == []
    (tmp_path / "t" / "mine.txt").write_text("hand-written")
    assert write_changed(tmp_path / "t", files(a="A")) == [MANIFEST, "a.txt", "sub/b.txt"]
    assert read_tree(tmp_path / "t") == {
        "a.txt": "A",
        "mine.txt": "hand-written",
        MANIFEST: manifest_text({"a.txt": ""}),
    }
    assert not (tmp_path / "t" / "sub").exists()
    assert oct((tmp_path / "t" / "a.txt").stat().st_mode & 0o777) == oct(0o644)


def test_a_hand_written_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "mine.txt").write_text("hand-written")
    with pytest.raises(FileExistsError, match=r"would overwrite hand-written file.*mine\.txt"):
        write_changed(tmp_path / "t", {"mine.txt": "generated", MANIFEST: manifest_text({"mine.txt": ""})})
    assert (tmp_path / "t" / "mine.txt").read_text() == "hand-written"


@pytest.mark.subprocess
def test_help_documents_every_option_with_its_default() -> None:
    done = run_generator("--help")
    assert done.returncode == 0
    options = set(re.findall(r"^\s+(--[a-z-]+)", done.stdout, flags=re.M))
    assert options == {"--spec", "--output", "--check", "--templates", "--version"}
    for option in ("--spec", "--output", "--check", "--templates"):
        block = done.stdout.split("options:", 1)[1].split(f"\n  {option}", 1)[1].split("\n  --", 1)[0]
        assert "(default:" in " ".join(block.split()), option


@pytest.mark.subprocess
def test_version_prints_the_projects_version() -> None:
    done = run_generator("--version")
    assert done.returncode == 0 and re.fullmatch(r"python -m generator \d+\.\d+\.\d+\S*\n", done.stdout)
