"""The question per source: which operation, which metrics, how each bucket and time is asked.

`x-engagement fetch` and the collector (poll, backfill, dlt source) ask the same question, so it
is defined here, below both, from the spec's roles as the generated records carry them: the
operation of each variant with `x-role: recent` (the rolling 28-hour window) or `x-role: range`
(an explicit time range, whose ends its time-window rule names), its metrics parameter's choices
(less the `x-structural` fields), its granularity values by bucket (`x-buckets`), and the
grouping levels by role (`x-grouping` roles).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from x_engagement._operation import OperationSpec

GRANULARITIES = ("hour", "day", "total")
# A range-asked source with no range given is asked for the same hours as the 28-hour endpoints.
DEFAULT_RANGE = timedelta(hours=28)
# The grouping levels (by their x-grouping role) that ask a grouped answer for each bucket size.
_LEVELS_BY_BUCKET = {
    "hour": ("post", "type", "day", "hour"),
    "day": ("post", "type", "day"),
    "total": ("post", "type"),
}


def _by_role(role: str) -> dict[str, OperationSpec]:
    from x_engagement._operations import OPERATIONS

    found: dict[str, OperationSpec] = {}
    for operation in OPERATIONS:
        if operation.role == role:
            found.setdefault(operation.variant, operation)
    return found


RECENT: dict[str, OperationSpec] = _by_role("recent")
"""The rolling-window operation of each variant that has one, in the spec's order."""
RANGED: dict[str, OperationSpec] = _by_role("range")
"""The explicit-range operation of each variant that has one (post and media analytics)."""
VARIANTS: tuple[str, ...] = tuple(RECENT)
"""The variants with a rolling 28-hour window: what the collector polls."""
SOURCES: tuple[str, ...] = (*RECENT, *(v for v in RANGED if v not in RECENT))
"""Every variant `x-engagement fetch` can ask: the 28-hour ones, then the range-asked ones."""


def operation(variant: str) -> OperationSpec:
    """The variant's operation for the question (its rolling window, else its range operation)."""
    found = RECENT.get(variant) or RANGED.get(variant)
    if found is None:
        known = ", ".join(SOURCES) or "none"
        raise ValueError(
            f"no operation of the spec has x-role: recent or range for {variant!r} (known: {known})"
        )
    return found


def recent(variant: str) -> OperationSpec:
    """The variant's rolling-window operation; a variant without one is refused by name."""
    try:
        return RECENT[variant]
    except KeyError:
        known = ", ".join(VARIANTS) or "none"
        raise ValueError(
            f"no operation of the spec has x-role: recent for {variant!r} (known: {known})"
        ) from None


def source_metrics(variant: str, spec: OperationSpec | None = None) -> dict[str, str]:
    """{canonical name: the variant's own name} for every counter the variant's operation (or
    the operation `spec`) can be asked for."""
    from x_engagement.table import canonical_metric

    spec = spec or operation(variant)
    names = spec.option(spec.keyword(spec.metrics_parameter)).choices
    return {canonical_metric(variant, n): n for n in names if n not in spec.structural}


def group_by(bucket: str) -> list[str]:
    """The `group_by` of a grouping whose answer counts `bucket` buckets, from x-grouping roles."""
    from x_engagement._grouping import ROLES

    return [ROLES[role] for role in _LEVELS_BY_BUCKET[bucket] if role in ROLES]


def time_range(
    since: datetime | None, until: datetime | None, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The explicit range a range-asked source needs: by default the 28 hours to the last whole
    hour. Raises ValueError when the start is not before the end."""
    end = until or (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    start = since or end - DEFAULT_RANGE
    if start >= end:
        raise ValueError(
            f"the start ({start.isoformat()}) must be before the end ({end.isoformat()})"
        )
    return start, end


def range_parameters(spec: OperationSpec) -> tuple[str, str] | None:
    """The keywords of the range's two ends (the operation's time-window rule), or None."""
    rule = next((r for r in spec.rules if r.get("rule") == "time-window"), None)
    if rule is None:
        return None
    return spec.keyword(str(rule["start"])), spec.keyword(str(rule["end"]))


def arguments(
    variant: str,
    metrics: list[str],
    granularity: str,
    spec: OperationSpec | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> dict[str, Any]:
    """The keyword arguments asking the variant's operation (or the operation `spec`, which takes
    the same metrics and bucket arguments) for `metrics` in `granularity` buckets; a range-asked
    operation over `window` (default: `time_range(None, None)`)."""
    spec = spec or operation(variant)
    metrics_keyword = spec.keyword(spec.metrics_parameter)
    choices = spec.option(metrics_keyword).choices
    # Fields that are not counters (ids, timestamps) are asked for too: the answer is accounted by them.
    structural = [name for name in spec.structural if name in choices]
    found: dict[str, Any] = {metrics_keyword: [*structural, *metrics]}
    if spec.fields_parameter is not None:  # every field, so posts without data are accounted for
        fields = spec.keyword(spec.fields_parameter)
        found[fields] = list(spec.option(fields).choices)
    if spec.granularity_parameter is not None:
        value = spec.bucket_value(granularity)
        if value is None:
            raise ValueError(f"{spec.operation_id} offers no {granularity!r} buckets")
        found[spec.keyword(spec.granularity_parameter)] = value
    elif spec.grouping_parameter is not None:
        grouping = {granularity: {"group_by": group_by(granularity)}}
        found[spec.keyword(spec.grouping_parameter)] = grouping
    ends = range_parameters(spec) if spec.role == "range" else None
    if ends is not None:
        found[ends[0]], found[ends[1]] = window or time_range(None, None)
    return found
