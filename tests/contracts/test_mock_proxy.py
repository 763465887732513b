"""OAuth 1.0a behind a reverse proxy: the client signs the proxy's URL, the mock sees its own Host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import x_engagement
from contracts.mock import MockConfig
from contracts.mock.config import ENV_PUBLIC_BASE_URL, ENV_TRUST_FORWARDED, Credentials
from tests.support.loopback import free_port, reverse_proxy, running_mock
from x_engagement.errors import ApiError

CREDENTIALS = Credentials("mock-bearer-token", "ck", "cs", "at", "ats")
OAUTH1 = x_engagement.OAuth1("ck", "cs", "at", "ats")


@contextmanager
def mock_behind_proxy(
    prefix: str = "", public_base_url: bool = False, trust_forwarded: bool = False, forwarded_headers: bool = False
) -> Iterator[str]:
    """A mock on a known port, a reverse proxy in front; yields the proxy's URL (what clients use)."""
    port = free_port()
    with reverse_proxy(f"http://127.0.0.1:{port}", prefix, forwarded_headers) as proxy:
        config = MockConfig(
            credentials=CREDENTIALS,
            public_base_url=proxy if public_base_url else None,
            trust_forwarded_headers=trust_forwarded,
        )
        with running_mock(config, port):
            yield proxy


def _favorites(base_url: str) -> list[tuple[str, ...]]:
    """Signs for `base_url` and returns the keys of the rows the call got back."""
    grouping: x_engagement.Grouping = {"group_by": ["tweet.id", "engagement.type"]}
    with x_engagement.Client(oauth1=OAUTH1, base_url=base_url) as client:
        result = client.get_engagement_28hr(
            tweet_ids=["1000"], engagement_types=["favorites"], groupings={"g": grouping}
        )
    return [keys for keys, _ in result.rows("g")]


def _refused(base_url: str) -> int:
    with pytest.raises(ApiError) as refused:
        _favorites(base_url)
    return refused.value.status


def test_without_a_setting_a_signature_for_the_proxy_is_refused() -> None:
    """The problem the settings solve: the proxy rewrites Host, so the URL the mock rebuilds differs."""
    with mock_behind_proxy(forwarded_headers=True) as proxy:
        assert _refused(proxy) == 401


@pytest.mark.parametrize("prefix", ["", "/gateway/x"])
def test_a_public_base_url_verifies_signatures_made_for_the_proxy(prefix: str) -> None:
    with mock_behind_proxy(prefix, public_base_url=True) as proxy:
        assert proxy.endswith(prefix)
        assert _favorites(proxy) == [("1000", "favorites")]


def test_forwarded_headers_verify_only_when_trusted() -> None:
    with mock_behind_proxy(trust_forwarded=True, forwarded_headers=True) as proxy:
        assert _favorites(proxy) == [("1000", "favorites")]
    with mock_behind_proxy(trust_forwarded=False, forwarded_headers=True) as proxy:
        assert _refused(proxy) == 401


def test_trusted_forwarded_headers_are_not_invented() -> None:
    """Trust without a proxy that sets the headers changes nothing: direct calls still verify."""
    with running_mock(MockConfig(credentials=CREDENTIALS, trust_forwarded_headers=True)) as mock:
        assert _favorites(mock) == [("1000", "favorites")]


def test_settings_come_from_the_environment() -> None:
    config = MockConfig.from_env({ENV_PUBLIC_BASE_URL: "https://gw.example.com/x/", ENV_TRUST_FORWARDED: "yes"})
    assert config.public_base_url == "https://gw.example.com/x"
    assert config.trust_forwarded_headers is True
    assert MockConfig.from_env({}).public_base_url is None
    assert MockConfig.from_env({}).trust_forwarded_headers is False


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        (ENV_PUBLIC_BASE_URL, "gw.example.com"),
        (ENV_PUBLIC_BASE_URL, "ftp://gw.example.com"),
        (ENV_PUBLIC_BASE_URL, "https://gw.example.com/?a=1"),
        (ENV_TRUST_FORWARDED, "maybe"),
    ],
)
def test_a_bad_setting_names_the_variable_and_the_expected_form(variable: str, value: str) -> None:
    with pytest.raises(ValueError, match=rf"^{variable}: got {re.escape(repr(value))}; expected "):
        MockConfig.from_env({variable: value})
