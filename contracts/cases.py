"""schemathesis cases to httpx requests, sent through a Target, and judged by every check."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import requests
from schemathesis import Case
from schemathesis.core.failures import Failure, FailureGroup

from contracts import rules
from contracts.checks import SCHEMATHESIS_CHECKS, run_response_checks
from contracts.ledger import Ledger, Verdicts, framed
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


def send_case(case: AnyCase, operation: Operation, target: Target, mode: str) -> tuple[httpx.Request, httpx.Response]:
    """The first job: send one case to the target (pinned to the target's own posts when positive)."""
    if target.tweet_ids and mode == "positive":
        pin_tweet_ids(case, operation, target.tweet_ids)
    request = to_request(case, target, operation)
    return request, target.send(request, operation)


def applicable_checks(case: AnyCase, operation: Operation, mode: str) -> tuple[list[str], str | None]:
    """The second job: which schemathesis checks apply to this case, and the x-rule it breaks (if any).

    A negative case must be rejected; a positive case that breaks an x-rule (which schemathesis
    cannot see) must be rejected too, so it is not held to positive_data_acceptance.
    """
    names = [n for n in SCHEMATHESIS_CHECKS if n not in ("positive_data_acceptance", "negative_data_rejection")]
    if mode == "negative":
        return [*names, "negative_data_rejection"], None
    broken_rules = rule_problems(case, operation)
    if broken_rules:
        return names, broken_rules[0]
    return [*names, "positive_data_acceptance"], None


def schemathesis_verdicts(case: AnyCase, response: Any, names: list[str]) -> Iterator[tuple[str, str | None]]:
    """Each named schemathesis check's verdict on `response`: None, or what it found."""
    for name in names:
        try:
            case.validate_response(response, checks=[SCHEMATHESIS_CHECKS[name]])
        except (AssertionError, FailureGroup) as exc:
            yield name, describe_failure(exc)
        else:
            yield name, None


def judge(case: AnyCase, operation: Operation, target: Target, ledger: Ledger, mode: str) -> list[str]:
    """Send one case, record every check's verdict under the operation's label; return the failures."""
    request, response = send_case(case, operation, target, mode)
    verdicts = Verdicts(ledger, target.label(operation), status=response.status_code)
    names, broken_rule = applicable_checks(case, operation, mode)
    if broken_rule is not None:
        failure = None
        if response.status_code != 400:
            failure = f"HTTP {response.status_code}, expected 400: the spec's x-rules reject it ({broken_rule})"
        verdicts.record("x_rules_rejection", failure and f"{failure} [{_repro(request)}]")
    for name, found in schemathesis_verdicts(case, response, names):
        verdicts.record(name, found and f"HTTP {response.status_code}: {found} [{_repro(request)}]")
    for name, problem in run_response_checks(operation, response).items():
        verdicts.record(name, framed(problem, suffix=f" [{_repro(request)}]"))
    return verdicts.failures
