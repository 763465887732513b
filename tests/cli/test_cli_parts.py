"""The command line's parts that need no server, and its terminal behaviour through a real pty."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import x_engagement
from contracts.spec import operations as spec_operations
from tests.cli.test_cli import SCRIPT, cli_env, ids
from x_engagement import _window as fetch
from x_engagement._cli import env as cli_env_module
from x_engagement._cli.exits import UsageError
from x_engagement._cli.ids import check_ids
from x_engagement._operations import OPERATIONS

SPEC_OPERATION_IDS = list(spec_operations())


def test_the_base_url_variable_is_the_one_client_from_env_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from x_engagement._auth import ENV_BASE_URL

    assert cli_env_module.ENV_BASE_URL == ENV_BASE_URL == "X_API_BASE_URL"
    monkeypatch.setenv("X_BEARER_TOKEN", "t")
    monkeypatch.setenv(ENV_BASE_URL, "http://127.0.0.1:9")
    with x_engagement.Client.from_env() as client:
        assert client._settings.base_url == "http://127.0.0.1:9"
    with x_engagement.Client.from_env(base_url="http://127.0.0.1:10") as client:
        assert client._settings.base_url == "http://127.0.0.1:10"  # an explicit argument wins


@pytest.mark.subprocess
def test_importing_the_package_is_lazy_and_every_name_still_resolves() -> None:
    probe = (
        "import sys, x_engagement; print('httpx' in sys.modules); x_engagement.Client; print('httpx' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
    assert set(x_engagement.__all__) <= set(dir(x_engagement))
    with pytest.raises(AttributeError):
        _ = x_engagement.NoSuchName  # type: ignore[attr-defined]


@pytest.mark.subprocess
def test_help_imports_no_http_library() -> None:
    probe = (
        "import sys\nfrom x_engagement._cli.main import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in ('httpx', 'msgspec', 'x_engagement.client', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_one_record_and_one_subcommand_per_operation_of_the_spec() -> None:
    from x_engagement import _operations
    from x_engagement._cli.main import build_parser
    from x_engagement._operation import OperationSpec

    records = {name for name in dir(_operations) if isinstance(getattr(_operations, name), OperationSpec)}
    assert {op.method_name.upper() for op in OPERATIONS} == records
    assert len({op.command for op in OPERATIONS}) == len(OPERATIONS) == len(SPEC_OPERATION_IDS)
    assert [op.operation_id for op in OPERATIONS] == SPEC_OPERATION_IDS
    help_text = build_parser().format_help()
    assert all(op.command in help_text for op in OPERATIONS)


def test_fetchs_names_for_the_spec_are_the_specs() -> None:
    """The 28-hour question comes from spec roles: x-role recent, x-buckets, x-grouping roles."""
    assert {variant: op.operation_id for variant, op in fetch.RECENT.items()} == {
        "v2": "getInsights28hr",
        "enterprise": "getEngagement28hr",
    }
    assert fetch.arguments("v2", ["Likes"], "day")["granularity"] == "Daily"
    grouping = fetch.arguments("enterprise", ["favorites"], "hour")["groupings"]
    assert grouping == {"hour": {"group_by": ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]}}
    assert fetch.arguments("enterprise", ["favorites"], "total")["groupings"]["total"]["group_by"] == [
        "tweet.id",
        "engagement.type",
    ]
    with pytest.raises(ValueError, match="no operation of the spec has x-role: recent for 'analytics'"):
        fetch.recent("analytics")


def test_ids_are_checked_with_their_place_and_deduplicated() -> None:
    pattern = OPERATIONS[0].id_pattern
    assert check_ids([("20", "argument 1"), ("21", "f:2"), ("20", "f:3")], pattern) == ["20", "21"]
    with pytest.raises(UsageError) as caught:
        check_ids([("20", "a:1"), *((f"x{i}", f"a:{i + 2}") for i in range(30))], pattern)
    text = str(caught.value)
    assert "a:2: 'x0' is not a post id" in text and "and 10 more" in text and "a:31" not in text
    with pytest.raises(UsageError, match="no post ids"):
        check_ids([], pattern)


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout and stderr on a pty, as in a terminal; everything it showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([str(SCRIPT), *args], stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


@pytest.mark.subprocess
def test_on_a_terminal_a_progress_bar_and_a_human_table(x_mock: Any) -> None:
    code, shown = _on_a_terminal(["fetch", *ids(30), "-m", "likes"], cli_env(x_mock))
    assert code == 0, shown
    assert "\rx-engagement: [" in shown and "2/2 requests" in shown  # redrawn in place on stderr
    assert "post_id" in shown and "variant" in shown and " UTC " in shown  # the table, not CSV
    assert "post_id,metric" not in shown


@pytest.mark.subprocess
def test_on_a_pipe_no_progress_by_default(x_mock: Any) -> None:
    done = subprocess.run([str(SCRIPT), "fetch", *ids(30), "-m", "likes"], capture_output=True, text=True,
                          env=cli_env(x_mock), timeout=60)  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.subprocess
def test_parquet_to_a_terminal_is_refused(x_mock: Any, tmp_path: Path) -> None:
    code, shown = _on_a_terminal(["fetch", "20", "--format", "parquet"], cli_env(x_mock))
    assert code == 2 and "--output" in shown
