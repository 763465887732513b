"""`python -m generator`: spec/openapi.yaml -> the generated modules of the package (or, with --check, a diff)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.worker import ModelWorker

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "x-engagement-dev"
PACKAGE = ROOT / "generated"


class _VersionAction(argparse.Action):
    """--version, read from the installed project's metadata only when asked (keeps start-up fast)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version(DISTRIBUTION)
        except PackageNotFoundError:
            found = "unknown (not installed; run make check)"
        print(f"{parser.prog} {found}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="python -m generator",
        description=__doc__,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        epilog="Exit status: 0 done (or up to date), 1 --check found a stale tree, 2 the spec is invalid.",
    )
    made.add_argument("--spec", type=Path, default=ROOT / "spec" / "openapi.yaml", help="the OpenAPI 3.1 document")
    made.add_argument(
        "--output",
        type=Path,
        default=PACKAGE,
        help="where to write: the package folder (only its generated files), or another folder (a complete package)",
    )
    made.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if --output is stale")
    made.add_argument(
        "--templates", type=Path, default=None, help="a folder of templates overriding ours, one file at a time"
    )
    made.add_argument("--version", action=_VersionAction, help="print the generator's version and exit")
    return made


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    worker = ModelWorker()  # first, so its start-up overlaps with the imports below
    from generator.errors import SpecError
    from generator.pipeline import generate_files
    from generator.write import diff_trees, read_generated, write_changed

    try:
        # Another folder than the package gets a complete package: its hand-written modules too.
        elsewhere = args.output.resolve() != PACKAGE.resolve()
        files = generate_files(
            args.spec, args.templates, worker=worker, hand_written_from=PACKAGE if elsewhere else None
        )
    except SpecError as exc:
        print(f"error: {args.spec}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        diff = diff_trees(files, read_generated(args.output, files))
        if diff:
            sys.stdout.write(diff)
            print(f"\n{args.output} is stale: run `make generate` and commit the result.", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date.")
        return 0
    try:
        changed = write_changed(args.output, files)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.output}: {len(files)} files, {len(changed)} changed" + "".join(f"\n  {rel}" for rel in changed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
