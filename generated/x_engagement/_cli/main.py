"""The `x-engagement` console script: the parser built from the registry and the spec, then dispatch.

Building the parser imports only light modules (argparse, the generated `_operations` data),
so `x-engagement --help` is fast; the chosen subcommand imports the client when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from typing import Protocol

from x_engagement._cli import exits
from x_engagement._cli.env import CREDENTIALS_HELP
from x_engagement._cli.registry import COMMANDS
from x_engagement._operation import OperationSpec
from x_engagement._version import VERSION

DESCRIPTION = """\
Post engagement metrics from X's v2 insights and Enterprise Engagement APIs, as one table.

  x-engagement fetch 1346889436626259968 20 --metric impressions,likes -o engagement.csv
  x-engagement plot engagement.csv -o engagement.png
"""

EPILOG = f"""\
{CREDENTIALS_HELP}

exit codes: 0 ok; 1 an API error (status, problem type and detail printed) or the output
could not be written; 2 usage or invalid input (nothing sent); 130 interrupted (Ctrl-C), 143
terminated (SIGTERM): the whole rows fetched so far are kept; 141 stdout's reader left."""


class CommandModule(Protocol):
    """What a module listed in the registry provides."""

    HELP: str

    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)


def summary(spec: OperationSpec) -> str:
    """The operation's summary; a deprecated one says so, and since when (x-removed-upstream)."""
    if spec.deprecation is None:
        return spec.summary
    return f"{spec.summary} DEPRECATED: {spec.deprecation}."


def build_parser() -> argparse.ArgumentParser:
    from x_engagement._cli import operations
    from x_engagement._operations import OPERATIONS

    parser = argparse.ArgumentParser(
        prog=exits.PROG, description=DESCRIPTION, epilog=EPILOG, formatter_class=Formatter
    )
    parser.add_argument("--version", action="version", version=f"{exits.PROG} {VERSION}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, module_name in COMMANDS:
        module: CommandModule = importlib.import_module(module_name)
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            epilog=EPILOG,
            formatter_class=Formatter,
        )
        module.configure(command)
        command.set_defaults(run=module.run, command_name=name)
    for spec in OPERATIONS:
        command = sub.add_parser(
            spec.command,
            help=summary(spec),
            description=f"{summary(spec)}\n\nOne operation of the spec ({spec.variant}) through "
            f"client.batch.{spec.method_name}:\nany number of ids, written as rows.",
            epilog=EPILOG,
            formatter_class=Formatter,
        )
        operations.configure(command, spec)
        command.set_defaults(run=operations.run, command_spec=spec)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit code (the console script exits with it), so
    tests and callers can run it in-process."""
    # The command line says an operation is deprecated in its --help; a warning on every run's
    # stderr would only break scripts that expect a clean one.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="x_engagement")
    warnings.filterwarnings(
        "ignore", message=r".* is deprecated: absent from X's", category=DeprecationWarning
    )
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, a usage error: argparse exits; say its code
        return done.code if isinstance(done.code, int) else exits.OK
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return exits.USAGE
    from x_engagement._cli import extras

    try:
        extras.check(args)  # a missing extra: one line, exit 2, nothing sent
    except exits.UsageError as error:
        exits.say(str(error))
        return exits.USAGE
    return exits.guarded(lambda: int(run(args)))
