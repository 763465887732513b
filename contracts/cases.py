"""schemathesis cases to httpx requests, sent through a Target, and judged by every check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import requests
from schemathesis import Case
from schemathesis.core.failures import Failure, FailureGroup
from x_engagement import rules

from contracts.checks import SCHEMATHESIS_CHECKS, run_response_checks
from contracts.ledger import Ledger
from contracts.spec import Operation
from contracts.target import Target

AnyCase = Case[Any]


def to_request(case: AnyCase, target: Target, operation: Operation) -> httpx.Request:
    """The exact wire request schemathesis would send, re-signed with the target's credentials."""
    kwargs = case.as_transport_kwargs(base_url=target.server(operation))
    prepared = requests.Request(
        method=kwargs["method"], url=kwargs["url"], params=kwargs.get("params"),
        headers=kwargs.get("headers"), json=kwargs.get("json"), data=kwargs.get("data"),
    ).prepare()  # fmt: skip
    raw_body: Any = prepared.body
    body: bytes = raw_body.encode() if isinstance(raw_body, str) else (raw_body or b"")
    headers = {
        k: v if isinstance(v, str) else v.decode("latin-1")
        for k, v in prepared.headers.items()
        if k.lower() != "content-length"
    }
    request = httpx.Request(prepared.method or "GET", prepared.url or "", headers=headers, content=body)
    target.authorize(request, operation)
    return request


def wire_instance(case: AnyCase, operation: Operation) -> Any:
    """The case's input as the rules and the client see it: the JSON body, or the query by wire name
    with comma-joined arrays as lists (schemathesis keeps them joined, as `DelimitedValue`)."""
    if operation.body_schema is not None:
        return case.body
    joined = {p.name for p in operation.parameters if p.comma_joined}
    return {
        name: (str(value).split(",") if name in joined else str(value)) if isinstance(value, str) else value
        for name, value in (case.query or {}).items()
    }


def rule_problems(case: AnyCase, operation: Operation, now: datetime | None = None) -> list[str]:
    """What the spec's x-rules say about a schema-valid case (such a case must get a 400)."""
    instance = wire_instance(case, operation)
    if not isinstance(instance, dict):
        return []
    return rules.check(operation.rules, instance, now or datetime.now(UTC))


def _one_line(failure: Failure) -> str:
    """Title and message without the schema dump schemathesis appends (the spec is at hand)."""
    message = failure.message.split("\n\nSchema at ", 1)[0]
    return " ".join(f"{failure.title}: {message}".split())[:400]


def describe_failure(exc: BaseException) -> str:
    if isinstance(exc, FailureGroup):
        return "; ".join(_one_line(f) for f in exc.exceptions)
    if isinstance(exc, Failure):
        return _one_line(exc)
    return f"{type(exc).__name__}: {exc}"[:400]


def _repro(request: httpx.Request) -> str:
    """A short reproduction with secrets masked."""
    return f"{request.method} {request.url}" + (f" body={request.content[:200]!r}" if request.content else "")


def pin_tweet_ids(case: AnyCase, operation: Operation, tweet_ids: tuple[str, ...]) -> None:
    """Live runs ask about the caller's own posts; v2 ids go pre-joined (explode: false)."""
    if operation.body_schema is not None and isinstance(case.body, dict):
        case.body[operation.batch_parameter] = list(tweet_ids)
    elif operation.body_schema is None and isinstance(case.query, dict):
        case.query[operation.batch_parameter] = ",".join(tweet_ids)


def judge(case: AnyCase, operation: Operation, target: Target, ledger: Ledger, mode: str) -> list[str]:
    """Send one case, record every check's verdict under the operation's label; return the failures."""
    if target.tweet_ids and mode == "positive":
        pin_tweet_ids(case, operation, target.tweet_ids)
    request = to_request(case, target, operation)
    response = target.send(request, operation)
    op_id = target.label(operation)
    failures: list[str] = []

    def record(check: str, failure: str | None) -> None:
        ledger.record(op_id, check, failure, status=response.status_code)
        if failure:
            failures.append(f"{op_id}: {check}: {failure}")

    names = [n for n in SCHEMATHESIS_CHECKS if n not in ("positive_data_acceptance", "negative_data_rejection")]
    if mode == "negative":
        names.append("negative_data_rejection")
    else:
        broken_rules = rule_problems(case, operation)
        if broken_rules:
            failure = None
            if response.status_code != 400:
                failure = f"HTTP {response.status_code}, expected 400: the spec's x-rules reject it ({broken_rules[0]})"
            record("x_rules_rejection", failure and f"{failure} [{_repro(request)}]")
        else:
            names.append("positive_data_acceptance")
    for name in names:
        try:
            case.validate_response(response, checks=[SCHEMATHESIS_CHECKS[name]])
        except (AssertionError, FailureGroup) as exc:
            record(name, f"HTTP {response.status_code}: {describe_failure(exc)} [{_repro(request)}]")
        else:
            record(name, None)
    for name, problem in run_response_checks(operation, response).items():
        record(name, problem and f"{problem} [{_repro(request)}]")
    return failures
