"""Fixtures for the tests of the mock and the suite: an in-process mock and a real uvicorn one."""

from __future__ import annotations

import socket
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from contracts.mock import MockConfig, create_app
from contracts.mock.server import serving_in_thread
from x_engagement import OAuth1

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

FIXED_NOW = datetime(2026, 3, 10, 14, 37, 12, tzinfo=UTC)


def oauth1_headers(
    path: str, method: str = "POST", base: str = "http://testserver", secret: str = "mock-consumer-secret"
) -> dict[str, str]:
    """An Authorization header signed with the mock's default OAuth 1.0a credentials."""
    request = httpx.Request(method, base + path)
    OAuth1("mock-consumer-key", secret, "mock-access-token", "mock-access-token-secret").apply(request)
    return {"authorization": request.headers["authorization"]}


def mock_client(config: MockConfig | None = None) -> TestClient:
    return TestClient(create_app(config or MockConfig(clock=lambda: FIXED_NOW)), raise_server_exceptions=False)


@pytest.fixture
def client() -> TestClient:
    """The mock in-process, its clock fixed at FIXED_NOW."""
    return mock_client()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def uvicorn_mock() -> Iterator[str]:
    """The mock under uvicorn on a free 127.0.0.1 port, stopped at the end of the session."""
    with serving_in_thread(create_app(MockConfig())) as url:
        yield url
