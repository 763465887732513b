"""`python -m contracts.mock --host 127.0.0.1 --port 8000`: the mock under uvicorn, configured from X_MOCK_*."""

from __future__ import annotations

import argparse

import uvicorn

from contracts.mock import MockConfig, create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m contracts.mock", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    uvicorn.run(create_app(MockConfig.from_env()), host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
