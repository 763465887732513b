"""The 28-hour question per variant: which operation, which metrics, how each bucket is asked.

`x-engagement fetch` and the collector (poll, backfill, dlt source) ask the same question, so it
is defined here, below both, from the spec's roles as the generated records carry them: the
operation with `x-role: recent` of each variant, its metrics parameter's choices, its granularity
values by bucket (`x-buckets`), and the grouping levels by role (`x-grouping` roles).
"""

from __future__ import annotations

from typing import Any

from x_engagement._operation import OperationSpec

GRANULARITIES = ("hour", "day", "total")
# The grouping levels (by their x-grouping role) that ask a grouped answer for each bucket size.
_LEVELS_BY_BUCKET = {
    "hour": ("post", "type", "day", "hour"),
    "day": ("post", "type", "day"),
    "total": ("post", "type"),
}


def _recent() -> dict[str, OperationSpec]:
    from x_engagement._operations import OPERATIONS

    found: dict[str, OperationSpec] = {}
    for operation in OPERATIONS:
        if operation.role == "recent":
            found.setdefault(operation.variant, operation)
    return found


RECENT: dict[str, OperationSpec] = _recent()
"""The rolling-window operation of each variant that has one, in the spec's order."""
VARIANTS: tuple[str, ...] = tuple(RECENT)


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
    """{canonical name: the variant's own name} for every metric the variant's 28-hour call (or
    the operation `spec`) takes."""
    from x_engagement.table import canonical_metric

    spec = spec or recent(variant)
    names = spec.option(spec.keyword(spec.metrics_parameter)).choices
    return {canonical_metric(variant, name): name for name in names}


def group_by(bucket: str) -> list[str]:
    """The `group_by` of a grouping whose answer counts `bucket` buckets, from x-grouping roles."""
    from x_engagement._grouping import ROLES

    return [ROLES[role] for role in _LEVELS_BY_BUCKET[bucket] if role in ROLES]


def arguments(
    variant: str, metrics: list[str], granularity: str, spec: OperationSpec | None = None
) -> dict[str, Any]:
    """The keyword arguments asking the variant's 28-hour call (or the operation `spec`, which
    takes the same metrics and bucket arguments) for `metrics` in `granularity` buckets."""
    spec = spec or recent(variant)
    found: dict[str, Any] = {spec.keyword(spec.metrics_parameter): metrics}
    if spec.fields_parameter is not None:  # every field, so posts without data are accounted for
        fields = spec.keyword(spec.fields_parameter)
        found[fields] = list(spec.option(fields).choices)
    if spec.granularity_parameter is not None:
        value = spec.bucket_value(granularity)
        if value is None:
            raise ValueError(f"{spec.operation_id} offers no {granularity!r} buckets")
        found[spec.keyword(spec.granularity_parameter)] = value
    elif spec.grouping_parameter is not None:
        found[spec.keyword(spec.grouping_parameter)] = {
            granularity: {"group_by": group_by(granularity)}
        }
    return found
