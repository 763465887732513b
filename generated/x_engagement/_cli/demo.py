"""`x-engagement demo`: see the tool work without X credentials.

It starts the repository's mock (contracts/mock, which serves X's APIs with deterministic data)
on a loopback port inside this process, fetches a few posts from every source it serves (v2 and
Enterprise) with `fetch`, draws them with `plot`, and prints the commands to try next. The mock is
part of the repository, not of the installed package: from a clone, `make demo` runs this with
the clone on the path; a plain `pip install` says so in one line.
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from x_engagement._cli import exits

HELP = "fetch a few posts from the repository's mock (no credentials) into a CSV and a PNG"
POSTS = ("1346889436626259968", "20", "21")
# Every source that takes post ids: v2 insights, Enterprise and post analytics (the last 28 hours).
VARIANTS = "all"
METRICS = "impressions,likes,replies,retweets"
MISSING_MOCK = (
    "the demo runs the mock in contracts/ of the x-engagement repository, which a pip install "
    "does not include: from a clone, run `make demo` (or put the clone on PYTHONPATH)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output-dir",
        default="x-engagement-demo",
        metavar="DIR",
        help="where to write demo.csv and demo.png (default: %(default)s, created)",
    )


def _mock() -> tuple[Any, Any, Any]:
    """(create_app, MockConfig, serving_in_thread) of the repository's mock, or UsageError."""
    try:
        mock = importlib.import_module("contracts.mock")
        server = importlib.import_module("contracts.mock.server")
    except ImportError:
        raise exits.UsageError(MISSING_MOCK) from None
    return mock.create_app, mock.MockConfig, server.serving_in_thread


def run(args: argparse.Namespace) -> int:
    from x_engagement._cli.main import main

    create_app, mock_config, serving_in_thread = _mock()
    folder = Path(args.output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise exits.UsageError(f"--output-dir {folder}: {error.strerror or error}") from None
    csv, png = folder / "demo.csv", folder / "demo.png"
    config = mock_config()
    serving: AbstractContextManager[str] = serving_in_thread(create_app(config), "127.0.0.1", 0)
    started = time.monotonic()
    with serving as url, _environment(url, config.credentials):
        exits.say(f"demo: the mock serves X's APIs on {url} (deterministic data, test credentials)")
        fetch = ["fetch", *POSTS, "--variant", VARIANTS, "--metric", METRICS]
        fetch += ["--format", "csv", "-o", str(csv), "--progress", "never"]
        code = main(fetch)
        if code == exits.OK:
            code = main(["plot", str(csv), "-o", str(png)])
    if code != exits.OK:
        return code
    took = time.monotonic() - started
    exits.say(f"demo: wrote {csv} and {png} in {took:.1f} s")
    print(_next_steps(csv))
    return exits.OK


class _environment(AbstractContextManager[None]):
    """The mock's URL and credentials in os.environ while the demo runs, as a user exports them."""

    def __init__(self, url: str, credentials: Any) -> None:
        self._values = {
            "X_API_BASE_URL": url,
            "X_BEARER_TOKEN": credentials.bearer_token,
            "X_CONSUMER_KEY": credentials.consumer_key,
            "X_CONSUMER_SECRET": credentials.consumer_secret,
            "X_ACCESS_TOKEN": credentials.access_token,
            "X_ACCESS_TOKEN_SECRET": credentials.access_token_secret,
        }
        self._saved: dict[str, str | None] = {}

    def __enter__(self) -> None:
        for name, value in self._values.items():
            self._saved[name] = os.environ.get(name)
            os.environ[name] = value

    def __exit__(self, *exc: object) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _next_steps(csv: Path) -> str:
    return f"""
Next, with your own credentials (or `make mock` and X_API_BASE_URL=http://127.0.0.1:8000):
  export X_BEARER_TOKEN=...                # v2; X_CONSUMER_KEY, X_CONSUMER_SECRET,
                                           # X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET for Enterprise
  x-engagement fetch 20 --metric impressions,likes -o engagement.csv
  x-engagement plot engagement.csv -o engagement.png
  x-engagement fetch --list-metrics        # every metric, by source
  x-engagement collect --db engagement.db --ids-file posts.txt --once   # keep history
  x-engagement --help
The demo's rows: {csv}"""
