"""`python -m contracts.mock --host 127.0.0.1 --port 8000`: the mock under uvicorn, configured from X_MOCK_*."""

from __future__ import annotations

import argparse
import sys

from contracts.mock.app import create_app
from contracts.mock.clock import MockClock, iso
from contracts.mock.config import (
    DEFAULT_CREDENTIALS,
    ENV_CREDENTIALS,
    MockConfig,
    SettingError,
    fault_help,
    settings_help,
)
from contracts.mock.control import CLOCK_PATH
from contracts.mock.server import GRACEFUL_SHUTDOWN_SECONDS, base_url, bind, uvicorn_server

PROG = "python -m contracts.mock"
DESCRIPTION = (
    "The x-engagement mock: both variants (v2 and Enterprise), all five operations of the spec,\n"
    "deterministic data, auth checks, optional rate limiting and faults. See contracts/README.md."
)

EXIT_STATUS = (
    "Exit status: 1 cannot listen, 2 bad option or setting. SIGTERM or Ctrl-C stops the mock; requests\n"
    f"still running get {GRACEFUL_SHUTDOWN_SECONDS} s, then are cut off (no delay fault holds a shutdown)."
)


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=f"{settings_help()}\n\n{fault_help()}\n\n{EXIT_STATUS}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on; 0 picks a free one (default 8000)")
    parser.add_argument("--log-level", default="info", help="uvicorn's log level (default info)")
    return parser


def banner(url: str, config: MockConfig, clock: MockClock | None = None) -> str:
    """What a user needs to point a client at the mock; secrets set through X_MOCK_* are not shown."""
    lines = [f"x-engagement mock at {url}", "test credentials:"]
    for key, default in DEFAULT_CREDENTIALS.items():
        value = getattr(config.credentials, key)
        # Only the public test defaults are printed; a key set by the user (the consumer key too,
        # which names their app) is not.
        shown = value if value == default else f"(set by {ENV_CREDENTIALS[key]})"
        lines.append(f"  {key:<20} {shown}")
    if config.rate_limit is not None:
        lines.append(f"rate limit: {config.rate_limit.limit} requests per {config.rate_limit.window_seconds} s")
    if config.faults:
        lines.append("faults: " + ",".join(str(f) for f in config.faults))
    if config.latency:
        lines.append(f"latency: {config.latency:g} s per request")
    if clock is not None:
        control = f"move it with POST {CLOCK_PATH} (bearer token)" if config.clock_control else "control off"
        lines.append(f"clock: {iso(clock.now)}, {'frozen' if clock.frozen else 'running'}; {control}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = MockConfig.from_env()
    except SettingError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    app = create_app(config)
    print(banner(base_url(sock), config, app.state.clock), flush=True)
    uvicorn_server(app, log_level=args.log_level).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
