"""A full disk under the collector: one line naming the database and exit 1, never a traceback,
and what was committed before it stays readable. The disk is a real 6 MiB tmpfs (mounted as
root, as this machine's tests and CI run); without the right to mount, the test says so."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.collect.pollmock import PollMock, poll_mock, run_cli
from x_engagement.collect import connect, observations, open_engine, upgrade

pytestmark = pytest.mark.subprocess

T0 = datetime(2026, 11, 4, 7, 45, tzinfo=UTC)
IDS = [str(3000 + i) for i in range(200)]


@pytest.fixture
def small_disk() -> Iterator[Path]:
    if shutil.which("mount") is None:
        pytest.skip("no `mount` command on this machine: a small filesystem cannot be made")
    point = Path("/tmp") / f"xe-full-{uuid.uuid4().hex[:8]}"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(point)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip()}): not root or no CAP_SYS_ADMIN")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)
        point.rmdir()


@pytest.fixture
def mock() -> Iterator[PollMock]:
    with poll_mock(T0) as running:
        yield running


def test_collect_on_a_full_disk_is_one_line_and_keeps_what_was_committed(
    small_disk: Path, mock: PollMock, tmp_path: Path
) -> None:
    url = f"sqlite:///{small_disk / 'engagement.db'}"
    upgrade(url)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(IDS) + "\n")
    done = run_cli(["collect", "--db", url, "--ids-file", str(ids), "--variant", "v2", "--once"], mock.env())
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    full = [line for line in done.stderr.splitlines() if "is full" in line]
    assert len(full) == 1 and str(small_disk / "engagement.db") in full[0], done.stderr
    engine = open_engine(url)  # still readable: the failed chunk's transaction was rolled back
    try:
        with connect(engine) as connection:
            stored = connection.execute(sa.select(sa.func.count()).select_from(observations)).scalar()
    finally:
        engine.dispose()
    assert stored is not None and 0 < stored < len(IDS) * 28 * 26
