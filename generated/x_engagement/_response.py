"""From status, headers and raw bytes to a typed result or a typed error that keeps the bytes."""

from __future__ import annotations

import functools
import os
import sys
import warnings
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from types import FrameType
from typing import Any, cast

import msgspec
from msgspec import UNSET, UnsetType

from x_engagement import _lossless, _spec
from x_engagement._errors import (
    ApiError,
    EnterpriseApiError,
    RateLimited,
    RequestInfo,
    ResponseDecodeError,
    ResponseTooLarge,
    XEngagementError,
    describe,
    error_class,
    problem_class,
)
from x_engagement._grouping import KEYS, LEAF, nesting
from x_engagement._operation import OperationSpec
from x_engagement._results import (
    AnalyticsResult,
    EngagementResult,
    InsightsResult,
    RateLimit,
    Requested,
    UnexpectedDataWarning,
)
from x_engagement._retry import retry_after_seconds
from x_engagement.errors import PROBLEM_CLASSES

Result = InsightsResult | EngagementResult | AnalyticsResult
ANALYTICS_VARIANTS = ("analytics", "media")
V2_FORMAT = ("v2", *ANALYTICS_VARIANTS)  # variants answering errors in X's v2 format
GroupingSignature = tuple[tuple[str, tuple[str, ...]], ...]


def grouping_signature(groupings: Mapping[str, Any]) -> GroupingSignature:
    return tuple((name, tuple(spec["group_by"])) for name, spec in groupings.items())


@functools.lru_cache(maxsize=512)
def tree_type(group_by: tuple[str, ...]) -> Any:
    """The nested dict type of one grouping: its key levels in order, int counts at the leaves."""
    node: Any = LEAF
    for level in reversed(nesting(group_by)):
        node = dict[KEYS[level], node]  # type: ignore[valid-type]
    return node


_FIXED = msgspec.structs.fields(_spec.ENTERPRISE_RESPONSE)
# Leaves decode in msgspec's lax mode, which would also read a number as a datetime: the
# date-time fields are read as strings there and parsed strictly afterwards.
_TIMES = frozenset(f.name for f in _FIXED if "datetime" in repr(f.type))


@functools.lru_cache(maxsize=512)
def grouped_type(signature: GroupingSignature) -> type[msgspec.Struct]:
    """A Struct that decodes and validates exactly the groupings requested, in C, in one pass."""
    fields: list[tuple[str, Any, Any]] = [
        (f.name, (str | UnsetType) if f.name in _TIMES else f.type, f.default) for f in _FIXED
    ]
    fields += [
        (f"grouping_{i}", tree_type(group_by) | UnsetType, UNSET)
        for i, (_, group_by) in enumerate(signature)
    ]
    rename = {f.name: f.encode_name for f in _FIXED}
    rename |= {f"grouping_{i}": name for i, (name, _) in enumerate(signature)}
    return msgspec.defstruct(
        "GroupedEngagementResponse",
        fields,
        rename=rename,
        module=__name__,
        forbid_unknown_fields=True,  # an unrequested grouping or a new field takes the slow path
    )


def _fixed_fields(decoded: msgspec.Struct) -> _spec.ENTERPRISE_RESPONSE:
    values = {}
    for f in _FIXED:
        value = getattr(decoded, f.name)
        if f.name in _TIMES and value is not UNSET:
            try:
                value = msgspec.convert(value, datetime)
            except msgspec.ValidationError as exc:
                raise msgspec.ValidationError(f"{exc} - at `$.{f.encode_name}`") from exc
        values[f.name] = value
    return _spec.ENTERPRISE_RESPONSE(**values)


def _renamable(name: str) -> bool:
    """msgspec can rename a field only to a name JSON writes without escapes."""
    return not any(c in '"\\' or ord(c) < 0x20 for c in name)


def decode_grouped(
    body: bytes, signature: GroupingSignature
) -> tuple[_spec.ENTERPRISE_RESPONSE, dict[str, Any], _lossless.Extra]:
    """The fixed fields, each requested grouping's tree, and every other key of the body."""
    if all(_renamable(name) for name, _ in signature):
        try:
            decoded = msgspec.json.decode(body, type=grouped_type(signature), strict=False)
        except msgspec.ValidationError as exc:
            if not str(exc).startswith(_lossless.UNKNOWN_FIELD):
                raise
        else:
            found = {
                name: getattr(decoded, f"grouping_{i}") for i, (name, _) in enumerate(signature)
            }
            return _fixed_fields(decoded), {k: v for k, v in found.items() if v is not UNSET}, {}
    # The slow path (about 15% slower): grouping names that need escapes in JSON, or keys beyond
    # the requested groupings and the known fields, which are kept rather than dropped.
    parts = msgspec.json.decode(body, type=dict[str, msgspec.Raw])
    requested = dict(signature)
    known = {f.encode_name for f in _FIXED}
    fixed: dict[str, msgspec.Raw] = {}
    trees: dict[str, Any] = {}
    extra: _lossless.Extra = {}
    for key, raw in parts.items():
        if key in requested:
            try:
                trees[key] = msgspec.json.decode(raw, type=tree_type(requested[key]), strict=False)
            except msgspec.ValidationError as exc:
                raise msgspec.ValidationError(f"{exc} (in grouping {key!r})") from exc
        elif key in known:
            fixed[key] = raw
        else:
            extra[_lossless.member("$", key)] = msgspec.json.decode(raw)
    response, nested = _lossless.decode(msgspec.json.encode(fixed), _spec.ENTERPRISE_RESPONSE)
    return response, trees, extra | nested


class TooLarge(Exception):
    """A body inflated past the limit; `prefix` is its first PREFIX_BYTES bytes."""

    def __init__(self, limit: int, prefix: bytes) -> None:
        super().__init__(f"the body inflates to more than {limit} bytes (max_response_bytes)")
        self.limit = limit
        self.prefix = prefix


PREFIX_BYTES = 64 * 1024  # what a ResponseTooLarge keeps of a body, for inspection


def decompress(raw: bytes, encoding: str, limit: int | None = None) -> bytes:
    """The decoded body; never more than `limit` bytes are inflated (a gzip bomb stops at the limit)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(31 if "gzip" in encoding else 15)
        if limit is None:
            data = inflater.decompress(raw) + inflater.flush()
        else:
            data = inflater.decompress(raw, limit + 1)
            if len(data) > limit or inflater.unconsumed_tail:
                raise TooLarge(limit, data[:PREFIX_BYTES])
            data += inflater.flush()
            if len(data) > limit:
                raise TooLarge(limit, data[:PREFIX_BYTES])
        if not inflater.eof:
            raise zlib.error("compressed stream ends early (truncated body)")
        return data
    raise zlib.error(f"unsupported content-encoding {encoding!r}")


def _is_json(content_type: str, *accepted: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in accepted


def read_response(
    op: OperationSpec,
    request: RequestInfo,
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    arguments: Mapping[str, Any],
    limit: int | None = None,
) -> Result:
    """The typed result of a 2xx response; raises the fitting ApiError subclass otherwise.

    Every failure is an XEngagementError that keeps status and bytes: a defect in decoding
    (say, msgspec's UnicodeDecodeError on invalid UTF-8) must never escape as a raw exception.
    """
    common: dict[str, Any] = {
        "operation": op.operation_id,
        "status": status,
        "headers": headers,
        "request": request,
    }
    try:
        return _read(op, status, headers, raw, arguments, limit, common)
    except XEngagementError:
        raise
    except Exception as exc:
        raise ResponseDecodeError(
            f"{op.operation_id}: HTTP {status}: unreadable body: {type(exc).__name__}: {exc}",
            **{"content": raw, **common},  # the decoded body once there is one
        ) from exc


def _read(
    op: OperationSpec,
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    arguments: Mapping[str, Any],
    limit: int | None,
    common: dict[str, Any],
) -> Result:
    try:
        body = decompress(raw, headers.get("content-encoding", ""), limit)
    except TooLarge as exc:
        too_large = ResponseTooLarge(
            f"{op.operation_id}: HTTP {status}: {exc}", content=exc.prefix, **common
        )
        too_large.limit = exc.limit
        raise too_large from None
    except zlib.error as exc:
        if 200 <= status < 300:
            raise ResponseDecodeError(
                f"{op.operation_id}: HTTP {status}: {exc}", content=raw, **common
            ) from exc
        # An error status stays typed by its status (a 5xx is a ServerError), keeping the raw bytes.
        raise _error(
            op, status, "", raw, headers, {**common, "content": raw}, note=str(exc)
        ) from exc
    common["content"] = body
    content_type = headers.get("content-type", "")
    if 200 <= status < 300:
        if not _is_json(content_type, "application/json"):
            raise ResponseDecodeError(
                f"{op.operation_id}: HTTP {status}: expected application/json, got {content_type or 'no content type'!r}",
                **common,
            )
        return _decode_success(op, body, headers, arguments, common)
    raise _error(op, status, content_type, body, headers, common)


def requested(op: OperationSpec, instance: Mapping[str, Any]) -> Requested:
    """What the request asked for, in the terms its result is accounted in."""

    def names(key: str) -> tuple[str, ...]:
        return tuple(instance.get(key) or ())

    fields = instance.get(op.fields_parameter) if op.fields_parameter else None
    granularity_name = op.granularity_parameter
    return Requested(
        tweet_ids=names(op.batch_parameter),
        metrics=names(op.metrics_parameter),
        groupings=tuple(instance.get(op.grouping_parameter) or ()) if op.grouping_parameter else (),
        fields=None if fields is None else tuple(fields),
        granularity=(
            _text(instance.get(granularity_name, _default(op, granularity_name)))
            if granularity_name
            else None
        ),
    )


def _default(op: OperationSpec, name: str) -> Any:
    """The spec's `default` of a query parameter (the granularity X applies when none is sent)."""
    schema = op.input_schema.get("properties", {}).get(name, {})
    defs = op.input_schema.get("$defs", {})
    while isinstance(schema, Mapping) and "$ref" in schema:
        schema = defs.get(str(schema["$ref"]).rsplit("/", 1)[-1], {})
    return schema.get("default") if isinstance(schema, Mapping) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _decode_success(
    op: OperationSpec,
    body: bytes,
    headers: Mapping[str, str],
    arguments: Mapping[str, Any],
    common: dict[str, Any],
) -> Result:
    rate_limit = RateLimit.from_headers(headers)
    asked = requested(op, arguments)
    try:
        if op.variant in ANALYTICS_VARIANTS:
            decoded_analytics, extra = _lossless.decode(body, op.response_type)
            _warn_extra(op, extra)
            return AnalyticsResult(
                response=decoded_analytics,
                variant=op.variant,
                rate_limit=rate_limit,
                requested=asked,
                extra=extra,
            )
        if op.grouping_parameter is None:
            response, extra = _lossless.decode(body, op.response_type)
            _warn_extra(op, extra)
            return InsightsResult(
                response=cast(_spec.INSIGHTS_RESPONSE, response),
                rate_limit=rate_limit,
                requested=asked,
                extra=extra,
            )
        signature = grouping_signature(arguments[op.grouping_parameter])
        decoded, groupings, extra = decode_grouped(body, signature)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise ResponseDecodeError(
            f"{op.operation_id}: HTTP {common['status']}: the body does not match the spec: {exc}",
            **common,
        ) from exc
    _warn_extra(op, extra)

    def listed(value: list[str] | UnsetType) -> list[str]:
        return [] if value is UNSET else value

    return EngagementResult(
        groupings=groupings,
        group_by={name: nesting(group_by) for name, group_by in signature},
        start=None if decoded.start is UNSET else decoded.start,
        end=None if decoded.end is UNSET else decoded.end,
        unavailable_tweet_ids=listed(decoded.unavailable_tweet_ids),
        unsupported_for_video_views_tweet_ids=listed(decoded.unsupported_for_video_views_tweet_ids),
        unsupported_for_impressions_engagements_tweet_ids=listed(
            decoded.unsupported_for_impressions_engagements_tweet_ids
        ),
        errors=listed(decoded.errors),
        rate_limit=rate_limit,
        requested=asked,
        extra=extra,
    )


def _caller_level() -> int:
    """The stacklevel of the first frame outside this package: the warning points at the caller."""
    package = os.path.dirname(__file__)
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _warn_extra(op: OperationSpec, extra: _lossless.Extra) -> None:
    if extra:
        shown = ", ".join(list(extra)[:5]) + (
            f" and {len(extra) - 5} more" if len(extra) > 5 else ""
        )
        warnings.warn(
            f"{op.operation_id}: the response carried what was not asked for or is not in the spec"
            f" ({shown}); kept in result.extra",
            UnexpectedDataWarning,
            stacklevel=_caller_level(),
        )


def _error(
    op: OperationSpec,
    status: int,
    content_type: str,
    body: bytes,
    headers: Mapping[str, str],
    common: dict[str, Any],
    note: str = "",
) -> ApiError:
    parsed: dict[str, Any] = {}
    body_cls: type[ApiError] = ApiError
    try:
        if _is_json(content_type, "application/problem+json") or (
            op.variant in V2_FORMAT
            and _is_json(content_type, "application/json")
            and b'"title"' in body
        ):
            problem = _lossless.decode(body, _spec.PROBLEM)[0]
            parsed["problem"] = problem
            body_cls = problem_class(problem.type, PROBLEM_CLASSES)
        elif op.variant in V2_FORMAT and _is_json(content_type, "application/json"):
            parsed["error"] = _lossless.decode(body, _spec.V2_ERROR)[0]
        elif _is_json(content_type, "application/json"):
            enterprise = _lossless.decode(body, _spec.ENTERPRISE_ERROR)[0]
            parsed["errors"] = enterprise.errors
            body_cls = EnterpriseApiError
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError):  # ValueError: invalid UTF-8
        parsed = {}
        body_cls = ApiError
    cls = error_class(status, body_cls)
    summary = describe(parsed) or note
    message = f"{op.operation_id}: HTTP {status}" + (f": {summary}" if summary else "")
    error = cls(message, **common, **parsed)
    if isinstance(error, RateLimited):
        error.reset_at = RateLimit.from_headers(headers).reset_at or _retry_after(headers)
    return error


def _retry_after(headers: Mapping[str, str]) -> datetime | None:
    """When `retry-after` (seconds or an HTTP date) says to come back; None when unusable."""
    now = datetime.now(UTC).timestamp()
    seconds = retry_after_seconds(headers.get("retry-after"), now)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(now + seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return None
