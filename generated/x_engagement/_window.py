"""The 28-hour question per variant: which operation, which metrics, how each bucket is asked.

`x-engagement fetch` and the collector (poll, backfill, dlt source) ask the same question, so it
is defined here, below both, from the generated command table (`_cli_operations`).
"""

from __future__ import annotations

from typing import Any

from x_engagement._operation import CommandSpec

# The 28-hour operation of each variant, and how each bucket size is asked of it. The test suite
# checks these names against the spec's (tests/test_cli_parts.py).
OPERATION = {"v2": "get_insights_28hr", "enterprise": "get_engagement_28hr"}
VARIANTS = ("v2", "enterprise")
GRANULARITIES = ("hour", "day", "total")
V2_GRANULARITY = {"hour": "Hourly", "day": "Daily", "total": "Total"}
ENTERPRISE_GROUP_BY = {
    "hour": ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"],
    "day": ["tweet.id", "engagement.type", "engagement.day"],
    "total": ["tweet.id", "engagement.type"],
}


def command(method_name: str) -> CommandSpec:
    from x_engagement._cli_operations import OPERATIONS

    return next(spec for spec in OPERATIONS if spec.method_name == method_name)


def source_metrics(variant: str, spec: CommandSpec | None = None) -> dict[str, str]:
    """{canonical name: the variant's own name} for every metric the variant's 28-hour call (or
    the operation `spec`) takes."""
    from x_engagement.table import canonical_metric

    spec = spec or command(OPERATION[variant])
    names = spec.option(spec.metrics_parameter).choices
    return {canonical_metric(variant, name): name for name in names}


def arguments(
    variant: str, metrics: list[str], granularity: str, spec: CommandSpec | None = None
) -> dict[str, Any]:
    """The keyword arguments asking the variant's 28-hour call (or the operation `spec`, which
    takes the same metrics and bucket arguments) for `metrics` in `granularity` buckets."""
    spec = spec or command(OPERATION[variant])
    found: dict[str, Any] = {spec.metrics_parameter: metrics}
    if spec.fields_parameter is not None:  # every field, so posts without data are accounted for
        found[spec.fields_parameter] = list(spec.option(spec.fields_parameter).choices)
    if variant == "v2":
        found["granularity"] = V2_GRANULARITY[granularity]
    elif spec.grouping_parameter is not None:
        found[spec.grouping_parameter] = {
            granularity: {"group_by": ENTERPRISE_GROUP_BY[granularity]}
        }
    return found
