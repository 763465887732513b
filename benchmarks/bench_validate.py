"""The contract suite's response validation path vs jsonschema-rs alone, on the largest responses.

Both start from the body bytes (a validator needs them parsed): the candidate is
`contracts.validate.response_problems`, what the suite runs on every response; the baseline is
json.loads plus a jsonschema-rs validator for the same schema, compiled once outside the timing.
"""

from __future__ import annotations

import importlib
import json
from types import ModuleType

import jsonschema_rs

from benchmarks import payloads
from benchmarks.harness import Result, Settings, compare, repeat_for, timed, unavailable

NAME = "validate largest {variant} response in the contract suite's path"
BASELINE = "json.loads + jsonschema-rs"


def validation_module() -> ModuleType | None:
    try:
        return importlib.import_module("contracts.validate")
    except ImportError:
        return None


def measure(validate: ModuleType, variant: str, operation_id: str, body: bytes, settings: Settings) -> Result:
    from contracts import spec

    operation = spec.operations()[operation_id]
    problems = validate.response_problems(operation, 200, "application/json", body)
    if problems:
        raise RuntimeError(f"the {variant} payload does not conform: {problems}")
    fast = jsonschema_rs.Draft202012Validator(operation.success_schema, validate_formats=True)
    repeat = 1 if settings.quick else repeat_for(body)
    return compare(
        NAME.format(variant=variant),
        BASELINE,
        lambda: timed(lambda: validate.response_problems(operation, 200, "application/json", body), repeat),
        lambda: timed(lambda: fast.is_valid(json.loads(body)), repeat),
        settings,
        target=2.0,
        note=f"{len(body) / 1e3:.0f} KB, {repeat} validations per round",
    )


def run(settings: Settings) -> list[Result]:
    validate = validation_module()
    cases = (
        ("v2", "getInsights28hr", payloads.largest_v2(settings.quick).body),
        ("Enterprise", "getEngagement28hr", payloads.largest_enterprise(settings.quick).body),
    )
    if validate is None:
        why = "contracts/validate.py is not on this branch yet (the contract suite is unmerged)"
        return [unavailable(NAME.format(variant=v), BASELINE, 2.0, why) for v, _, _ in cases]
    return [measure(validate, *case, settings) for case in cases]
