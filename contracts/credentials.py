"""Tells a target that refuses the suite's credentials from one that is broken: when every request
the suite signs is refused (401 or 403), nothing was judged; the run ends with one line naming
which credentials were sent (by variable name, never a value) instead of a table of 401s.

The usual cause: a shell's real `X_*` variables meet the mock (a `--base-url` target signs with
them when they are set), or the mock was started with other `X_MOCK_*` values than the gate sees.
"""

from __future__ import annotations

import httpx

from contracts import spec
from contracts.suite.support import valid_input, wire_request
from contracts.target import Target

REFUSED = frozenset({401, 403})


def refused(target: Target) -> str | None:
    """One valid, signed request per operation; the message when every one was refused, else None
    (a partial refusal is a finding for the suite, a broken answer too)."""
    statuses = []
    for operation in spec.operations().values():
        try:
            response = target.send(wire_request(operation, target, valid_input(operation, target.question_ids())))
        except httpx.HTTPError:
            return None  # the watchdog counts silence; the suite judges broken answers
        statuses.append(response.status_code)
    if not statuses or not set(statuses) <= REFUSED:
        return None
    where = target.base_url if target.name != "in-process" else "the in-process app"
    codes = "/".join(str(code) for code in sorted(set(statuses)))
    return (
        f"credentials refused: {where}: all {len(statuses)} operations answered HTTP {codes} to a valid signed "
        f"request; sent {target.credentials_sent or 'no credentials'}"
    )
