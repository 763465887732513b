"""Recorded traffic against the spec: HAR files and the recorder's JSON Lines, judged without sending.

Exchanges stream one at a time (JSON Lines line by line, HAR through ijson's incremental parser),
so memory stays bounded whatever the file's size; `contracts.bounded_json` holds every exchange to a
depth and a size limit (a hostile file ends in ReplayInputError naming the file and line or entry). Each is matched to an operation by method and
path, on any host; the suite's checks (every entry of `contracts.checks.RESPONSE_CHECKS`, and
schemathesis's response checks from `contracts.checks.SCHEMATHESIS_CHECKS`) judge it.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import ijson
import schemathesis
from schemathesis.core.transport import Response

from contracts import bounded_json, checks, rules, spec
from contracts.cases import schemathesis_verdicts
from contracts.ledger import Ledger, Verdicts, framed
from contracts.validate import validator_for

# schemathesis checks that judge generated input (they need a generation mode a recording has not)
# or that repeat a registry check at 300x the cost (response_schema_conformance = body_schema).
NOT_FOR_RECORDINGS = frozenset(
    {
        "positive_data_acceptance",
        "negative_data_rejection",
        "response_schema_conformance",
    }
)
# The recorded body is the decoded one; these headers describe the bytes on the wire.
WIRE_ONLY_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
MAX_LISTED_UNMATCHED = 20
_END = object()


class ReplayInputError(Exception):
    """A recording that cannot be read: names the file and the line or entry (exit code 2)."""


@dataclass(frozen=True)
class Exchange:
    index: int  # 1-based: the JSON line number, or the HAR entry number
    request: httpx.Request
    response: httpx.Response


@dataclass
class ReplayResult:
    ledger: Ledger = field(default_factory=Ledger)
    matched: int = 0
    unmatched: int = 0
    unmatched_listed: list[str] = field(default_factory=list)
    strict: bool = False  # warnings fail too

    @property
    def exit_code(self) -> int:
        """0 every matched exchange conforms, 1 a check failed (or warned, when strict), 2 nothing to check."""
        if self.matched == 0:
            return 2
        return 0 if self.ledger.passes(self.strict) else 1


# --- reading -----------------------------------------------------------------------------------


def _body(node: dict[str, Any], where: str) -> bytes:
    if node.get("body_base64") is not None:
        return base64.b64decode(node["body_base64"])
    body = node.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise ReplayInputError(f"{where}: body must be a string or null")
    return body.encode("utf-8")


def _check_body(body: bytes, what: str, limits: bounded_json.Limits) -> None:
    """A JSON-looking body nested beyond the limit would break the checks that parse it."""
    if body.lstrip()[:1] in (b"{", b"["):
        try:
            bounded_json.check_depth(body, limits)
        except bounded_json.TooDeep as exc:
            raise ValueError(f"the {what} body is {exc}") from None


def _build(index: int, method: str, url: str, req_headers: list[tuple[str, str]], req_body: bytes,
           status: int, resp_headers: list[tuple[str, str]], resp_body: bytes,
           limits: bounded_json.Limits) -> Exchange:  # fmt: skip
    _check_body(req_body, "request", limits)
    _check_body(resp_body, "response", limits)
    request = httpx.Request(method.upper(), url, headers=req_headers, content=req_body)
    kept = [(k, v) for k, v in resp_headers if k.lower() not in WIRE_ONLY_HEADERS]
    response = httpx.Response(status, headers=kept, content=resp_body, request=request)
    response.elapsed = timedelta(0)  # not recorded; schemathesis reads it
    return Exchange(index, request, response)


def _jsonl_exchange(record: Any, where: str, index: int, limits: bounded_json.Limits) -> Exchange:
    try:
        request, response = record["request"], record["response"]
        return _build(
            index, request["method"], request["url"], list((request.get("headers") or {}).items()),
            _body(request, where), int(response["status"]), list((response.get("headers") or {}).items()),
            _body(response, where), limits,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError, httpx.InvalidURL) as exc:
        raise ReplayInputError(f"{where}: not a recorded exchange ({type(exc).__name__}: {exc})") from exc


def read_jsonl(path: Path, limits: bounded_json.Limits = bounded_json.DEFAULT_LIMITS) -> Iterator[Exchange]:
    """The recorder's JSON Lines: one {"request": ..., "response": ...} per line; blank lines skipped."""
    with path.open("rb") as lines:
        number = 0
        while True:
            number += 1
            where = f"{path}:{number}"
            try:
                line = bounded_json.read_line(lines, limits)
                if not line:
                    return
                if not line.strip():
                    continue
                record = bounded_json.loads(line, limits)
            except (bounded_json.TooDeep, bounded_json.TooLarge) as exc:
                raise ReplayInputError(f"{where}: {exc}") from None
            except ValueError as exc:
                raise ReplayInputError(f"{where}: not JSON ({exc})") from None
            yield _jsonl_exchange(record, where, number, limits)


def _har_text(content: dict[str, Any]) -> bytes:
    text = content.get("text")
    if text is None:
        return b""
    if content.get("encoding") == "base64":
        return base64.b64decode(text)
    return str(text).encode("utf-8")


def _pairs(items: Any) -> list[tuple[str, str]]:
    return [(str(h["name"]), str(h["value"])) for h in items or [] if not str(h["name"]).startswith(":")]


def _har_exchange(entry: Any, where: str, index: int, limits: bounded_json.Limits) -> Exchange:
    try:
        request, response = entry["request"], entry["response"]
        post = request.get("postData") or {}
        return _build(
            index, request["method"], request["url"], _pairs(request.get("headers")),
            str(post.get("text") or "").encode("utf-8"), int(response["status"]),
            _pairs(response.get("headers")), _har_text(response.get("content") or {}), limits,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError, httpx.InvalidURL) as exc:
        raise ReplayInputError(f"{where}: not a HAR entry ({type(exc).__name__}: {exc})") from exc


def read_har(path: Path, limits: bounded_json.Limits = bounded_json.DEFAULT_LIMITS) -> Iterator[Exchange]:
    """A HAR file's `log.entries`, one entry in memory at a time."""
    cursor = bounded_json.HarCursor()
    with path.open("rb") as stream:
        entries = bounded_json.har_entries(stream, cursor, limits)
        while True:
            try:
                entry = next(entries, _END)
            except (bounded_json.TooDeep, bounded_json.TooLarge) as exc:
                where = f"log.entries[{cursor.entry - 1}], near byte {cursor.offset:,}"
                raise ReplayInputError(f"{path}: {where}: {exc}") from None
            except ijson.JSONError as exc:
                raise ReplayInputError(f"{path}: not a HAR file ({exc})") from None
            if entry is _END:
                return
            number = cursor.entry
            yield _har_exchange(entry, f"{path}: log.entries[{number - 1}]", number, limits)


def detect_format(path: Path) -> str:
    """`har` or `jsonl`: by extension, else by whether the first line is a recorded exchange."""
    suffix = path.suffix.lower()
    if suffix == ".har":
        return "har"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    with path.open("rb") as stream:
        line = stream.readline(1 << 20)
    try:
        record = bounded_json.loads(line)
    except ValueError:
        return "har"  # a pretty-printed HAR opens with a lone "{"
    return "jsonl" if isinstance(record, dict) and "request" in record else "har"


def read_exchanges(
    path: Path, fmt: str = "auto", limits: bounded_json.Limits = bounded_json.DEFAULT_LIMITS
) -> Iterator[Exchange]:
    if not path.is_file():
        raise ReplayInputError(f"{path}: no such file")
    fmt = detect_format(path) if fmt == "auto" else fmt
    return read_har(path, limits) if fmt == "har" else read_jsonl(path, limits)


# --- matching and judging ------------------------------------------------------------------------


@functools.cache
def _routes() -> list[tuple[str, re.Pattern[str], spec.Operation]]:
    routes = []
    for operation in spec.operations().values():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(operation.path))
        routes.append((operation.method, re.compile(f"^{pattern}/?$"), operation))
    return routes


def match(request: httpx.Request) -> spec.Operation | None:
    """The spec operation for this method and path (any host), or None."""
    path = request.url.path
    for method, pattern, operation in _routes():
        if method == request.method and pattern.match(path):
            return operation
    return None


@functools.cache
def _schemathesis_schema() -> Any:
    config = schemathesis.Config.from_dict({})
    return schemathesis.openapi.from_dict(spec.document(), config=config)


def _case(operation: spec.Operation, request: httpx.Request) -> Any:
    api_operation = _schemathesis_schema().find_operation_by_id(operation.operation_id)
    body: Any = schemathesis.core.NOT_SET
    if request.content:
        try:
            body = json.loads(request.content)
        except ValueError:
            body = request.content
    return api_operation.Case(
        query=dict(parse_qsl(request.url.query.decode("ascii", "replace"), keep_blank_values=True)),
        headers=dict(request.headers), body=body,
    )  # fmt: skip


def request_problems(operation: spec.Operation, request: httpx.Request, now: datetime) -> list[str]:
    """Why the recorded request breaks the spec (its parameter or body schemas, its x-rules); [] if not.

    `now` only feeds "end not in the future", which a request that passed when recorded still passes.
    """
    instance: Any
    if operation.body_schema is not None:
        try:
            instance = json.loads(request.content or b"null")
        except ValueError:
            return ["the request body is not JSON"]
        problems = [f"body: {p}" for p in validator_for(operation.body_schema).problems(instance)]
    else:
        query = dict(parse_qsl(request.url.query.decode("ascii", "replace"), keep_blank_values=True))
        instance, problems = {}, []
        for param in operation.parameters:
            if param.name not in query:
                problems += [f"query: {param.name!r} is required"] if param.required else []
                continue
            value = query[param.name]
            instance[param.name] = value.split(",") if param.comma_joined else value
            problems += [
                f"query {param.name!r}: {p}" for p in validator_for(param.schema).problems(instance[param.name])
            ]
    if not problems and isinstance(instance, dict):
        problems = rules.check(operation.rules, instance, now)
    return problems


def judge(exchange: Exchange, operation: spec.Operation, ledger: Ledger) -> None:
    """Record every applicable check's verdict for one exchange under its operation."""
    where = f"exchange {exchange.index} ({exchange.request.method} {exchange.request.url.path})"
    case = _case(operation, exchange.request)
    response = Response.from_httpx(exchange.response, verify=True)  # converted once for every check
    verdicts = Verdicts(ledger, operation.operation_id)
    names = [name for name in checks.SCHEMATHESIS_CHECKS if name not in NOT_FOR_RECORDINGS]
    for name, found in schemathesis_verdicts(case, response, names):
        verdicts.record(name, found and f"{where}: {found}")
    for name, problem in checks.run_response_checks(operation, exchange.response, clock_known=False).items():
        verdicts.record(name, framed(problem, prefix=f"{where}: "))
    broken = request_problems(operation, exchange.request, datetime.now(UTC))
    if broken:  # only a request the spec forbids is judged here: it must not succeed
        failure = None
        if exchange.response.status_code < 400:
            failure = f"{where}: HTTP {exchange.response.status_code} for a request the spec forbids ({broken[0]})"
        verdicts.record("invalid_request_rejection", failure)


def replay(exchanges: Iterator[Exchange], strict: bool = False) -> ReplayResult:
    result = ReplayResult(strict=strict)
    for exchange in exchanges:
        operation = match(exchange.request)
        if operation is None:
            result.unmatched += 1
            if len(result.unmatched_listed) < MAX_LISTED_UNMATCHED:
                url = exchange.request.url.copy_with(query=None)
                result.unmatched_listed.append(f"exchange {exchange.index}: {exchange.request.method} {url}")
            continue
        result.matched += 1
        judge(exchange, operation, result.ledger)
    return result
