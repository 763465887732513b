"""Which operations of the spec the credentials reach: one cheap request per operation.

`probe()` asks every operation the smallest valid question (one post id or media key, one
counter, the coarsest bucket, the shortest range: the last whole hour) and says, per operation,
whether it answers, refuses (401, 403 or 404, with X's problem type or Enterprise error), cannot be
reached (connection, timeout), fails otherwise (429, 5xx, an answer that cannot be read), or was
not asked (no credentials of the kind it takes). It sits beside `_window`, whose arguments it
borrows, under the command line (`x-engagement access`). Credentials never appear in its output:
a probe holds the operation, a status and the server's own words only.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from x_engagement._operation import OperationSpec
from x_engagement._window import arguments, range_parameters, source_metrics

ANSWERS = "answers"
REFUSES = "refuses"
UNREACHABLE = "unreachable"
FAILS = "fails"
NOT_ASKED = "not asked"
REFUSALS = (401, 403, 404)
# A post that exists (X's first public post); media keys have no such well-known one.
POST_ID = "20"
MEDIA_KEY = "3_1"
PROBE_DEADLINE = 30.0


@dataclass(frozen=True)
class Probe:
    """What one operation said to its cheapest request."""

    operation: str  # operationId
    command: str  # the x-engagement subcommand
    variant: str
    outcome: str  # ANSWERS, REFUSES, UNREACHABLE, FAILS or NOT_ASKED
    status: int | None = None  # the HTTP status, when there was one
    detail: str = ""  # X's problem type or error, the transport error, or why not asked


def works(probes: Iterable[Probe]) -> bool:
    """At least one source answers."""
    return any(p.outcome == ANSWERS for p in probes)


def smallest_request(spec: OperationSpec, now: datetime | None = None) -> dict[str, Any]:
    """The keyword arguments of the cheapest valid request of `spec`: one id, one counter, the
    coarsest bucket, and a range (when the operation takes one) of the last whole hour."""
    metric = next(iter(source_metrics(spec.variant, spec).values()))
    bucket = "total" if spec.granularity_parameter is None or spec.bucket_value("total") else "hour"
    kwargs = arguments(spec.variant, [metric], bucket, spec)
    ends = range_parameters(spec)
    if ends is not None:
        end = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        kwargs[ends[0]], kwargs[ends[1]] = end - timedelta(hours=1), end
    key = MEDIA_KEY if "media" in spec.batch_parameter else POST_ID
    kwargs[spec.batch_parameter] = [key]
    return kwargs


def probe(
    *,
    client: Any = None,
    operations: Sequence[OperationSpec] | None = None,
    now: datetime | None = None,
) -> list[Probe]:
    """One request per operation (default: every operation of the spec) with `client` (default:
    `Client.from_env()`, no retries, a 30 s deadline); the outcome of each, in spec order."""
    from x_engagement._operations import OPERATIONS
    from x_engagement._retry import RetryPolicy
    from x_engagement.client import Client

    owned = client is None
    if client is None:
        client = Client.from_env(retry=RetryPolicy.disabled(), deadline=PROBE_DEADLINE)
    try:
        return [_one(client, spec, now) for spec in (operations or OPERATIONS)]
    finally:
        if owned:
            client.close()


def _one(client: Any, spec: OperationSpec, now: datetime | None) -> Probe:
    from x_engagement.errors import ApiError, MissingCredentials, TransportError

    def found(outcome: str, status: int | None = None, detail: str = "") -> Probe:
        return Probe(spec.operation_id, spec.command, spec.variant, outcome, status, detail)

    try:
        with warnings.catch_warnings():  # a deprecated operation is still worth probing
            warnings.simplefilter("ignore", DeprecationWarning)
            getattr(client, spec.method_name)(**smallest_request(spec, now))
    except MissingCredentials as exc:
        return found(NOT_ASKED, detail=str(exc).splitlines()[0])
    except ApiError as exc:
        outcome = REFUSES if exc.status in REFUSALS else FAILS
        return found(outcome, exc.status, _said(exc))
    except TransportError as exc:
        return found(UNREACHABLE, detail=type(exc).__name__)
    except ValueError as exc:  # the spec's own rules refuse the probe: a bug of this module
        return found(NOT_ASKED, detail=f"invalid probe: {exc}".splitlines()[0])
    return found(ANSWERS, 200)


def _said(exc: Any) -> str:
    """X's words for a refusal: the problem's type (v2) or the first error (Enterprise)."""
    problem = exc.problem
    if problem is not None:
        kind = getattr(problem, "type", None)
        title = getattr(problem, "title", None)
        return " ".join(str(p) for p in (kind, f"({title})" if title else None) if p)
    if exc.errors:
        return str(exc.errors[0])[:200]
    return f"HTTP {exc.status}"


__all__ = [
    "ANSWERS",
    "FAILS",
    "NOT_ASKED",
    "REFUSES",
    "UNREACHABLE",
    "Probe",
    "probe",
    "smallest_request",
    "works",
]
