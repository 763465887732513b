"""The one list of hand-written subcommands; the spec's operations are added from `_operations`.

To add a subcommand: write a module with `HELP: str`, `configure(parser)` and `run(args) -> int`
(top-level imports light; heavy ones inside `run`), then add one line below. A command with
subcommands of its own (`db upgrade`) adds them in `configure` with `parser.add_subparsers`.
"""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("fetch", "x_engagement._cli.fetch"),
    ("plot", "x_engagement._cli.plot"),
    ("collect", "x_engagement._cli.collect"),
    ("db", "x_engagement._cli.db"),
    ("gaps", "x_engagement._cli.gaps"),
    ("failures", "x_engagement._cli.failures"),
    ("export", "x_engagement._cli.export"),
    ("access", "x_engagement._cli.access"),
    ("demo", "x_engagement._cli.demo"),
)
