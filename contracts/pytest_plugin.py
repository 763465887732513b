"""pytest plugin (entry point `pytest11`, installed with the contracts): a running mock for your own tests.

    def test_my_report(x_mock):
        client = x_engagement.Client(**x_mock.client_kwargs())
        assert my_report(client)["20"] > 0

The `x_mock` fixture starts a fresh mock per test, on a loopback port (default) or in-process,
and takes any X_MOCK_* setting by its option name (`contracts/README.md` lists them):

    @pytest.mark.x_mock(mode="in-process", rate_limit="2/60", faults="status:503@/2/*")
    @pytest.mark.parametrize("x_mock", ["loopback", {"mode": "in-process", "now": "2026-03-10T14:00:00Z"}],
                             indirect=True)

Heavy imports wait until a test asks for the fixture, so installing the plugin costs other test
runs nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx

    from contracts.mock.clock import MockClock
    from contracts.mock.config import Credentials, MockConfig

MODES = ("loopback", "in-process")
IN_PROCESS_URL = "http://x-mock.invalid"  # never resolves: only the in-process transport reaches it
MARKER = "x_mock"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(mode='loopback'|'in-process', **settings): how the x_mock fixture runs the mock; settings "
        "are X_MOCK_* options by name (rate_limit='2/60', faults='status:503@/2/*', now=..., ...)",
    )


@dataclass
class RunningMock:
    """A mock the test can reach: where it is, what credentials it accepts, and how it was configured."""

    base_url: str
    mode: str
    config: MockConfig = field(repr=False)
    _http_client: httpx.Client | None = field(default=None, repr=False)
    _app: Any = field(default=None, repr=False)

    @property
    def clock(self) -> MockClock:
        """The mock's clock: `.now`, `.set(datetime)`, `.advance(timedelta or seconds)`, `.frozen`."""
        clock: MockClock = self._app.state.clock
        return clock

    @property
    def credentials(self) -> Credentials:
        return self.config.credentials

    @property
    def auth(self) -> dict[str, Any]:
        """`bearer_token` and `oauth1` for x_engagement.Client / AsyncClient."""
        import x_engagement

        c = self.credentials
        return {
            "bearer_token": c.bearer_token,
            "oauth1": x_engagement.OAuth1(c.consumer_key, c.consumer_secret, c.access_token, c.access_token_secret),
        }

    @property
    def http_client(self) -> httpx.Client:
        """An httpx.Client that reaches the mock (in-process: through its ASGI app, no socket)."""
        if self._http_client is None:
            import httpx

            self._http_client = httpx.Client(base_url=self.base_url)
        return self._http_client

    def async_http_client(self) -> httpx.AsyncClient:
        """A new httpx.AsyncClient that reaches the mock; close it yourself (`async with`)."""
        import httpx

        if self.mode == "in-process":
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=self._app), base_url=self.base_url)
        return httpx.AsyncClient(base_url=self.base_url)

    def client_kwargs(self) -> dict[str, Any]:
        """Everything `x_engagement.Client(**...)` needs to talk to this mock."""
        kwargs = {"base_url": self.base_url, **self.auth}
        if self.mode == "in-process":
            kwargs["http_client"] = self.http_client
        return kwargs

    def async_client_kwargs(self) -> dict[str, Any]:
        """Everything `x_engagement.AsyncClient(**...)` needs to talk to this mock."""
        kwargs = {"base_url": self.base_url, **self.auth}
        if self.mode == "in-process":
            kwargs["http_client"] = self.async_http_client()
        return kwargs


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The marker's options, overridden by an indirect parameter (a mode name or a dict)."""
    options: dict[str, Any] = {}
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if marker.args:
            options["mode"] = marker.args[0]
        options.update(marker.kwargs)
    param = getattr(request, "param", None)
    if isinstance(param, str):
        options["mode"] = param
    elif isinstance(param, Mapping):
        options.update(param)
    elif param is not None:
        pytest.fail(f"x_mock: a parameter must be a mode ({' or '.join(MODES)}) or a dict, got {param!r}", False)
    return options


@contextlib.contextmanager
def running_mock(mode: str = "loopback", **settings: Any) -> Iterator[RunningMock]:
    """A fresh mock configured by X_MOCK_* option names; the fixture's engine, usable on its own."""
    import warnings

    from contracts.mock.app import create_app
    from contracts.mock.config import config_from_options
    from contracts.mock.server import serving_in_thread

    if mode not in MODES:
        raise ValueError(f"x_mock: mode must be one of {', '.join(MODES)}, got {mode!r}")
    config = config_from_options(settings)
    app = create_app(config)
    if mode == "loopback":
        with serving_in_thread(app) as url:
            running = RunningMock(url, mode, config, _app=app)
            try:
                yield running
            finally:
                if running._http_client is not None:
                    running._http_client.close()
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette warns about its httpx usage on import
        from starlette.testclient import TestClient
    with TestClient(app, base_url=IN_PROCESS_URL, raise_server_exceptions=False) as http:
        yield RunningMock(IN_PROCESS_URL, mode, config, _http_client=http, _app=app)


@pytest.fixture
def x_mock(request: pytest.FixtureRequest) -> Iterator[RunningMock]:
    """A fresh mock of both variants for this test; see the module docstring for its options."""
    options = _options(request)
    mode = options.pop("mode", "loopback")
    with contextlib.ExitStack() as stack:
        try:
            running = stack.enter_context(running_mock(mode, **options))
        except ValueError as error:  # SettingError included: one line naming the option and its form
            problem = str(error)
        else:
            yield running
            return
    pytest.fail(problem, pytrace=False)
