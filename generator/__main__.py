"""`python -m generator [--spec PATH] [--output DIR] [--check]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.worker import ModelWorker

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "openapi.yaml")
    parser.add_argument("--output", type=Path, default=ROOT / "generated")
    parser.add_argument("--check", action="store_true", help="exit 1 with a diff if --output is stale")
    parser.add_argument("--templates", type=Path, default=None, help="a folder of templates overriding ours")
    args = parser.parse_args(argv)
    worker = ModelWorker()  # first, so its start-up overlaps with the imports below
    from generator.errors import SpecError
    from generator.pipeline import generate_files
    from generator.write import diff_trees, read_tree, write_tree

    try:
        files = generate_files(args.spec, args.templates, worker=worker)
    except SpecError as exc:
        print(f"error: {args.spec}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        diff = diff_trees(files, read_tree(args.output))
        if diff:
            sys.stdout.write(diff)
            print(f"\n{args.output} is stale: run `make generate` and commit the result.", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date.")
        return 0
    write_tree(args.output, files)
    print(f"wrote {len(files)} files to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
