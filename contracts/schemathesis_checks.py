"""The gate's response checks as schemathesis checks, for teams that already run schemathesis:

    SCHEMATHESIS_HOOKS=contracts.schemathesis_checks schemathesis run openapi.yaml --url URL

registers each check of `contracts.checks.RESPONSE_CHECKS` as `x_<name>` (`x_tweet_ids_accounted_for`,
`x_grouping_nesting`, ...), run with schemathesis's own. Each judges the response against the
request schemathesis sent, exactly as `contracts run` does; an error fails the check, a warning
(surplus data, an echo left out) does not: schemathesis has no severity to put it in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import schemathesis

from contracts import spec
from contracts.answer import Answer
from contracts.checks import RESPONSE_CHECKS
from contracts.ledger import ERROR, Outcome, finding

PREFIX = "x_"


def as_httpx(response: Any) -> httpx.Response:
    """schemathesis's response (and the requests.PreparedRequest behind it) as the httpx pair the checks read."""
    sent = response.request
    body = sent.body.encode() if isinstance(sent.body, str) else sent.body
    request = httpx.Request(str(sent.method), str(sent.url), headers=dict(sent.headers), content=body or b"")
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    skipped = ("content-encoding", "content-length")  # the content is already decoded
    kept = [(name, value) for name, value in headers if name.lower() not in skipped]
    return httpx.Response(response.status_code, headers=kept, content=response.content, request=request)


def _operation(case: Any) -> spec.Operation | None:
    operation_id = case.operation.definition.raw.get("operationId")
    return spec.operations().get(str(operation_id)) if operation_id else None


def make_check(name: str) -> Callable[..., bool | None]:
    applies, judge = RESPONSE_CHECKS[name]

    def check(ctx: Any, response: Any, case: Any) -> bool | None:
        operation = _operation(case)
        if operation is None:  # an operation this spec does not know: not ours to judge
            return None
        answer = Answer.of(operation, as_httpx(response))
        if not applies(answer):
            return None
        outcome: Outcome = judge(answer)
        found = finding(outcome)
        if found is not None and found.severity == ERROR:
            raise AssertionError(f"{name}: {found.message}")
        return True

    check.__name__ = check.__qualname__ = PREFIX + name
    check.__doc__ = judge.__doc__
    return check


REGISTERED = {PREFIX + name: schemathesis.check(make_check(name)) for name in RESPONSE_CHECKS}
