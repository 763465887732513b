"""Error bodies in each variant's own format: v2 RFC 7807 problems, Enterprise `{"errors": [...]}`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from contracts import spec
from contracts.mock.inputs import InputProblem
from generator.roles import VARIANTS

V2, ENTERPRISE, ANALYTICS, MEDIA = VARIANTS

PROBLEM_JSON = "application/problem+json"
JSON = "application/json"
PROBLEMS = "https://api.twitter.com/2/problems/"
TITLES = {
    400: "Invalid Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def invalid_request(variant: str, problems: Sequence[InputProblem]) -> tuple[int, Any, str]:
    """400 naming every bad parameter."""
    if variant in spec.V2_FORMAT:
        return (
            400,
            {
                "errors": [
                    {"message": p.message, "parameters": {p.parameter: list(p.values)}}
                    if p.parameter
                    else {"message": p.message}
                    for p in problems
                ],
                "title": TITLES[400],
                "detail": "One or more parameters to your request was invalid.",
                "type": PROBLEMS + "invalid-request",
            },
            PROBLEM_JSON,
        )
    return 400, {"errors": [p.message for p in problems]}, JSON


def unauthorized(variant: str, reason: str) -> tuple[int, Any, str]:
    if variant in spec.V2_FORMAT:
        return 401, {"title": TITLES[401], "type": "about:blank", "status": 401, "detail": reason}, PROBLEM_JSON
    return 401, {"errors": [f"Your account could not be authenticated. Reason: {reason}"]}, JSON


def status_error(variant: str, status: int, detail: str | None = None) -> tuple[int, Any, str]:
    """Any other error status (404, 405, 413-415, 429, 5xx) in the variant's format; `detail` says why."""
    title = TITLES.get(status, "Error")
    if variant in spec.V2_FORMAT:
        return (
            status,
            {"title": title, "type": "about:blank", "status": status, "detail": detail or title},
            PROBLEM_JSON,
        )
    if detail is None:
        detail = f"{title}: rate limit exceeded" if status == 429 else title.lower()
    return status, {"errors": [detail]}, JSON


def variant_of_path(path: str) -> str:
    """Which variant's error format a path gets when no operation matched it: the variant of the
    operations under the same first path segment (v2 lives under /2/), else Enterprise's plain errors."""
    first = _first_segment(path)
    for operation in spec.operations().values():
        if operation.is_v2 and _first_segment(operation.path) == first:
            return V2
    return ENTERPRISE


def _first_segment(path: str) -> str:
    return "/" + path.lstrip("/").split("/", 1)[0]
