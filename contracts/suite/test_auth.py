"""Credentials are checked by value: missing, garbage or wrong-scheme credentials get a 401 in the variant's format.

schemathesis's ignored_auth check would re-send through its own transport (which could reach the
spec's real servers), so the suite does the same job here through the target.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from contracts import spec
from contracts.checks import body_schema
from contracts.ledger import Ledger, Verdicts
from contracts.spec import Operation
from contracts.suite.support import valid_input, wire_request
from contracts.target import Target
from x_engagement._auth import BearerToken, OAuth1

Spoiler = Callable[[httpx.Request, Target], None]


def no_credentials(request: httpx.Request, target: Target) -> None:
    request.headers.pop("authorization", None)


def garbage_bearer(request: httpx.Request, target: Target) -> None:
    BearerToken("not-the-configured-token").apply(request)


def wrong_oauth_secret(request: httpx.Request, target: Target) -> None:
    right = target.oauth1
    assert right is not None, "every target has OAuth 1.0a credentials"
    OAuth1(right.consumer_key, "wrong-consumer-secret", right.access_token, right.access_token_secret).apply(request)


def bearer_instead_of_oauth1(request: httpx.Request, target: Target) -> None:
    assert target.bearer is not None
    target.bearer.apply(request)


# name -> (applies to the operation?, how to spoil the request)
SPOILERS: dict[str, tuple[Callable[[Operation], bool], Spoiler]] = {
    "no_credentials": (lambda op: True, no_credentials),
    "garbage_bearer_token": (lambda op: True, garbage_bearer),
    "wrong_oauth1_signature": (lambda op: "UserToken" in op.security, wrong_oauth_secret),
    "bearer_on_oauth1_only_operation": (lambda op: "OAuth2UserToken" not in op.security, bearer_instead_of_oauth1),
}


def applicable() -> list[tuple[str, str]]:
    return [
        (operation_id, name)
        for operation_id, operation in spec.operations().items()
        for name, (applies, _) in SPOILERS.items()
        if applies(operation)
    ]


@pytest.mark.parametrize(("operation_id", "spoiler"), applicable())
def test_bad_credentials_get_401(operation_id: str, spoiler: str, target: Target, ledger: Ledger) -> None:
    operation = spec.operations()[operation_id]
    request = wire_request(operation, target, valid_input(operation, target.question_ids()), sign=False)
    SPOILERS[spoiler][1](request, target)
    response = target.send(request)
    verdicts = Verdicts(ledger, target.label(operation))
    if response.status_code != 401:
        verdicts.record(f"auth_{spoiler}", f"HTTP {response.status_code} instead of 401")
    else:
        verdicts.record(f"auth_{spoiler}", body_schema(operation, response))
    verdicts.assert_clean()
