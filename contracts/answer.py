"""A response together with the request that produced it: what the semantic checks judge.

The body and the request's input are parsed once per response (a v2 hourly answer can be ~1 MB)
and shared by every check through cached properties.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cached_property
from typing import Any

import httpx

from contracts.spec import Operation
from contracts.validate import media_type


def request_input(operation: Operation, request: httpx.Request) -> dict[str, Any] | None:
    """The request's input by wire name (v2 comma lists as lists); None when it cannot be read."""
    if operation.body_schema is not None:
        try:
            body = json.loads(request.content)
        except (ValueError, UnicodeDecodeError):
            return None
        return body if isinstance(body, dict) else None
    joined = {p.name for p in operation.parameters if p.comma_joined}
    return {
        name: (value.split(",") if value else []) if name in joined else value
        for name, value in request.url.params.multi_items()
    }


def date_header(response: httpx.Response) -> datetime | None:
    """The response's `Date` header as UTC; None when it has none (or one that does not parse)."""
    raw = response.headers.get("date")
    if raw:
        try:
            parsed = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
    return None


def response_time(response: httpx.Response) -> datetime:
    """The response's `Date` header, else now (the checks run as soon as an answer arrives)."""
    return date_header(response) or datetime.now(UTC)


@dataclass
class Answer:
    """One exchange: the operation, its response and (when known) the request behind it."""

    operation: Operation
    response: httpx.Response = field(repr=False)
    request: httpx.Request | None = field(default=None, repr=False)
    received: datetime = field(default_factory=lambda: datetime.now(UTC))
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # what the checks share
    clock_known: bool = True  # False: a replayed answer without a Date header (`received` is a guess)

    @classmethod
    def of(cls, operation: Operation, response: httpx.Response, clock_known: bool = True) -> Answer:
        try:
            request: httpx.Request | None = response.request
        except RuntimeError:  # a Response built by hand carries no request
            request = None
        dated = date_header(response)
        known = clock_known or dated is not None
        return cls(operation, response, request, dated or datetime.now(UTC), clock_known=known)

    @cached_property
    def parsed(self) -> tuple[Any, Exception | None]:
        """The body parsed as JSON once for every check: (value, None), or (None, why not)."""
        try:
            return json.loads(self.response.content), None
        except (ValueError, UnicodeDecodeError) as exc:
            return None, exc

    def json(self) -> Any:
        """The parsed body; raises the parse error again when the body is not JSON."""
        value, error = self.parsed
        if error is not None:
            raise error
        return value

    @cached_property
    def body(self) -> dict[str, Any] | None:
        """The JSON object of a JSON response; None for anything else (body_schema reports it)."""
        if media_type(self.response.headers.get("content-type", "")) != "application/json":
            return None
        value, error = self.parsed
        return value if error is None and isinstance(value, dict) else None

    @cached_property
    def asked(self) -> dict[str, Any] | None:
        return None if self.request is None else request_input(self.operation, self.request)

    @property
    def endpoint(self) -> str:
        """The last path segment: `28hr`, `historical`, `totals` or `analytics`."""
        return self.operation.path.rsplit("/", 1)[1]

    @property
    def is_v2(self) -> bool:
        """X's v2 format (insights and analytics): query parameters and RFC 7807 problems."""
        return self.operation.is_v2

    @property
    def is_insights(self) -> bool:
        """A v2 insights answer (`data[].measurement`)."""
        return self.operation.is_insights

    @property
    def is_analytics(self) -> bool:
        """A post or media analytics answer (`data[]` items with flat and bucketed counters)."""
        return self.operation.is_analytics
